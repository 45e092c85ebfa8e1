using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Reports;

/// <summary>The app with the OrcaBank demo data (as <c>--seed demo</c> loads it), on SQLite.</summary>
public sealed class DemoReportsSqliteFixture : SqliteApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("seed", "demo")];
}

/// <summary>The app with the OrcaBank demo data, on PostgreSQL.</summary>
public sealed class DemoReportsPostgresFixture : PostgresApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("seed", "demo")];
}
