using AccessControl.Data;
using AccessControl.Web.Features.Snapshot;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Hosting;

/// <summary>Database options: <c>Database:Provider</c> (Sqlite | Postgres), <c>ConnectionStrings:Sqlite|Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "Sqlite";
    /// <summary>PostgreSQL is migrated by the explicit <c>migrate</c> command unless this is set; SQLite always at start-up.</summary>
    public bool MigrateAtStartup { get; set; }
    /// <summary>Load the demo organization into an empty embedded database (default true for SQLite).</summary>
    public bool? SeedDemo { get; set; }

    /// <summary>The connection string in use (set at registration from <c>ConnectionStrings:&lt;Provider&gt;</c>).</summary>
    public string ConnectionString { get; set; } = "";

    public bool IsSqlite => Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
}

public static class DatabaseSetup
{
    public static IServiceCollection AddAccessControlDatabase(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!options.IsSqlite && !options.Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider must be 'Sqlite' or 'Postgres', not '{options.Provider}'.");
        var provider = options.IsSqlite ? "Sqlite" : "Postgres";
        var connectionString = config.GetConnectionString(provider)
            ?? (options.IsSqlite ? "Data Source=data/accesscontrol.db" : throw new InvalidOperationException(
                "Database:Provider is Postgres but ConnectionStrings:Postgres is not set (environment: ConnectionStrings__Postgres)."));
        if (options.IsSqlite) EnsureSqliteDirectory(connectionString);

        options.ConnectionString = connectionString;
        services.AddSingleton(options);
        services.AddSingleton<AccessSnapshot>();
        services.AddSingleton<ModelChangeNotifier>();
        services.AddSingleton<CommitOrder>();
        services.AddSingleton<SnapshotRefreshInterceptor>();
        // Several instances share PostgreSQL: changes from the others arrive by LISTEN/NOTIFY. SQLite is one instance.
        if (!options.IsSqlite) services.AddHostedService<ModelChangeListener>();
        // Keys in the database, so a cookie or antiforgery token issued by one instance is accepted by every other.
        services.AddDataProtection().SetApplicationName("AccessControl").PersistKeysToDbContext<AccessControlDbContext>();
        services.AddDbContextFactory<AccessControlDbContext>((sp, b) =>
        {
            DatabaseProvider.Configure(b, provider, connectionString);
            b.AddInterceptors(sp.GetRequiredService<SnapshotRefreshInterceptor>());
        }, ServiceLifetime.Singleton);
        return services;
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:") Directory.CreateDirectory(dir);
    }
}
