using System.Net;
using System.Text.Json;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Reports;

/// <summary>/api/v1/reports/* on the OrcaBank demo data, called as the Auditor role.</summary>
public abstract class ReportApiTests(ApiFixture app) : IAsyncLifetime
{
    private const string Grace = "user:grace.okafor@orcabank.example";
    private const string Lucas = "user:lucas.martin@orcabank.example";
    private const string Maria = "user:maria.garcia@orcabank.example";
    private const string Omar = "user:omar.haddad@orcabank.example";
    private const string Eve = "user:eve.former@orcabank.example";
    private HttpClient auditor = null!;
    private HttpClient Admin => app.Client;

    public async Task InitializeAsync() => auditor = await app.ClientFor(AppRoles.Auditor);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> Get(string url) => await (await auditor.GetAsync(url)).Expect(HttpStatusCode.OK);

    private async Task<string[][]> Csv(string url)
    {
        var response = await auditor.GetAsync(url + "&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r').Split(','))];
    }

    private static string[] Subjects(JsonElement report) =>
        [.. report.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("subject").GetString()!)];

    [Fact]
    public async Task Who_can_lists_each_holder_with_the_chain_grouped_by_path()
    {
        var report = await Get("reports/who-can?resource=collection:/prod/payments&permission=container.exec");
        Assert.Equal(["user:admin", Maria, "user:tom.wright@orcabank.example"], Subjects(report));
        var maria = report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("subject").GetString() == Maria);
        Assert.Equal("collection:/prod", maria.GetProperty("grantedOn").GetString());
        var because = Assert.Single(maria.GetProperty("because").EnumerateArray());
        Assert.Equal("team:orcabank/ops", because.GetProperty("via").GetString());
        Assert.Equal("collection:/prod", because.GetProperty("inheritedFrom").GetString());
        Assert.Contains("via team:orcabank/ops", maria.GetProperty("chain").GetString());
        Assert.Contains(report.GetProperty("groups").EnumerateArray(), g => g.GetProperty("path").GetString() == "collection:/prod" && g.GetProperty("count").GetInt32() == 2);
        Assert.Equal(3, report.GetProperty("counts").GetProperty("users").GetInt32());
        Assert.Equal(1, report.GetProperty("counts").GetProperty("admins").GetInt32());

        var csv = await Csv("reports/who-can?resource=collection:/prod/payments&permission=container.exec");
        Assert.Equal(["subject", "kind", "admin", "grantedOn", "chain", "grants"], csv[0]);
        Assert.Equal(4, csv.Length);
    }

    [Fact]
    public async Task Who_can_with_a_role_needs_all_its_permissions_and_filters_and_sorts()
    {
        var report = await Get("reports/who-can?resource=collection:/prod/payments&role=restrictedcontrol");
        var subjects = Subjects(report);
        Assert.Contains(Grace, subjects);
        Assert.Contains("user:hannah.berg@orcabank.example", subjects);
        Assert.DoesNotContain(Lucas, subjects); // mobile: Restricted Control on /prod/mobile, not on /prod/payments
        Assert.DoesNotContain(Omar, subjects);  // security: View Only
        Assert.DoesNotContain(Eve, subjects);   // inactive
        Assert.True(report.GetProperty("permissions").GetArrayLength() > 20);

        var filtered = await Get("reports/who-can?resource=collection:/prod/payments&role=restrictedcontrol&filter=grace");
        Assert.Equal([Grace], Subjects(filtered));
        var accounts = await Get("reports/who-can?resource=namespace:payments&permission=kubernetes.pods.create&kind=serviceAccounts");
        Assert.Equal(["serviceaccount:payments/ci-bot"], Subjects(accounts));
        var byPath = await Get("reports/who-can?resource=collection:/prod/payments&permission=container.view&sort=path");
        var paths = byPath.GetProperty("rows").EnumerateArray().Select(r => r.TryGetProperty("grantedOn", out var on) ? on.GetString()! : "").ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
    }

    [Fact]
    public async Task What_can_marks_inherited_entries_and_compare_shows_what_one_lacks()
    {
        var report = await Get($"reports/what-can?subject={Grace}");
        var rows = report.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("resource").GetString()!);
        Assert.False(rows["collection:/prod/payments"].GetProperty("inherited").GetBoolean());
        Assert.True(rows["collection:/Shared/db/mobile"].GetProperty("inherited").GetBoolean()); // db's Restricted Control on /Shared/db
        Assert.Contains("container.create", rows["collection:/prod/payments"].GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(rows.Count, report.GetProperty("resources").GetInt32());
        var csv = await Csv($"reports/what-can?subject={Grace}");
        Assert.Equal(rows.Count + 1, csv.Length);

        var compare = await Get($"reports/what-can/compare?first={Grace}&second=user:dmitri.ivanov@orcabank.example");
        var payments = compare.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "collection:/prod/payments");
        Assert.Contains("container.create", payments.GetProperty("onlyFirst").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty(payments.GetProperty("onlySecond").EnumerateArray());
        Assert.DoesNotContain(compare.GetProperty("rows").EnumerateArray(), r => r.GetProperty("resource").GetString() == "collection:/prod/db");
    }

    [Fact]
    public async Task Why_not_names_the_nearest_grants_an_inactive_account_and_a_not_applicable_permission()
    {
        var report = await Get($"reports/why-not?subject={Lucas}&permission=container.exec&resource=collection:/prod/payments");
        Assert.False(report.GetProperty("decision").GetProperty("allowed").GetBoolean());
        Assert.Equal("noGrant", report.GetProperty("decision").GetProperty("denial").GetString());
        var nearest = Assert.Single(report.GetProperty("nearest").EnumerateArray());
        Assert.Equal(("org:orcabank", "Scheduler", "container.exec"),
            (nearest.GetProperty("via").GetString(), nearest.GetProperty("roleName").GetString(), nearest.GetProperty("lacks").GetString()));

        var elsewhere = await Get($"reports/why-not?subject={Lucas}&permission=container.create&resource=collection:/prod/payments");
        Assert.Contains("collection:/prod/mobile", elsewhere.GetProperty("heldElsewhere").EnumerateArray().Select(e => e.GetString()));
        var inactive = await Get($"reports/why-not?subject={Eve}&permission=container.view&resource=collection:/prod/payments");
        Assert.Equal("inactive", inactive.GetProperty("decision").GetProperty("denial").GetString());
        var notApplicable = await Get($"reports/why-not?subject={Lucas}&permission=kubernetes.pods.get&resource=collection:/prod/mobile");
        Assert.Equal("notApplicable", notApplicable.GetProperty("decision").GetProperty("denial").GetString());
        var csv = await Csv($"reports/why-not?subject={Lucas}&permission=container.exec&resource=collection:/prod/payments");
        Assert.Equal(["allowed", "denial", "reason", "grant", "subject", "role", "resource", "via", "lacks"], csv[0]);
        Assert.Equal(["org:orcabank", "container.exec"], csv[1][^2..]);
    }

    [Fact]
    public async Task Matrix_holds_the_strongest_role_per_cell_with_its_explanation_as_json_csv_and_png()
    {
        var report = await Get("reports/matrix?rows=users&root=collection:/prod");
        Assert.Equal(["collection:/prod", "collection:/prod/db", "collection:/prod/mobile", "collection:/prod/payments"],
            report.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var cells = report.GetProperty("cells").EnumerateArray().ToDictionary(c => (c.GetProperty("row").GetString(), c.GetProperty("column").GetString()));
        Assert.Equal("Full Control", cells[(Maria, "collection:/prod/payments")].GetProperty("roleName").GetString());
        Assert.Equal("View Only", cells[(Omar, "collection:/prod/db")].GetProperty("roleName").GetString());
        Assert.Equal("Restricted Control", cells[(Grace, "collection:/prod/payments")].GetProperty("roleName").GetString());
        Assert.Equal("Scheduler", cells[(Grace, "collection:/prod/mobile")].GetProperty("roleName").GetString());
        Assert.NotEmpty(cells[(Grace, "collection:/prod/payments")].GetProperty("because").EnumerateArray());
        Assert.DoesNotContain(Eve, report.GetProperty("rowNames").EnumerateArray().Select(r => r.GetString()));

        var csv = await Csv("reports/matrix?rows=teams&root=collection:/prod");
        Assert.Equal(["subject", "collection:/prod", "collection:/prod/db", "collection:/prod/mobile", "collection:/prod/payments"], csv[0]);
        Assert.Contains(csv, r => r[0] == "team:orcabank/ops" && r[4] == "Full Control");

        var png = await auditor.GetAsync("reports/matrix?rows=users&root=collection:/prod&format=png");
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);

        var problem = await (await auditor.GetAsync("reports/matrix?root=namespace:payments")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("root", out _));
    }

    [Fact]
    public async Task Changes_and_timelines_show_who_gained_and_lost_and_the_entries_behind_it()
    {
        var top = ApiFixture.Unique("audited");
        await (await Admin.PostJson("collections", new { path = $"/{top}" })).Expect(HttpStatusCode.Created);
        var t0 = await LastChangeInstant();
        await (await Admin.PutJson("grants", new { subject = "team:orcabank/security", role = "restrictedcontrol", resource = $"collection:/{top}" })).Expect(HttpStatusCode.Created);
        var t1 = await LastChangeInstant();
        var grants = await (await Admin.GetAsync($"grants?resource=collection:/{top}")).Expect(HttpStatusCode.OK);
        var id = grants.GetProperty("items")[0].GetProperty("id").GetString();
        await (await Admin.Delete($"grants/{id}")).Expect(HttpStatusCode.NoContent);

        var gained = await Get($"reports/changes?from={Uri.EscapeDataString(t0)}&to={Uri.EscapeDataString(t1)}");
        var omar = gained.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("subject").GetString() == Omar);
        Assert.Equal($"collection:/{top}", omar.GetProperty("resource").GetString());
        Assert.Contains("container.create", omar.GetProperty("gained").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty(omar.GetProperty("lost").EnumerateArray());
        var cause = Assert.Single(omar.GetProperty("causes").EnumerateArray());
        Assert.Equal(("Grant", id), (cause.GetProperty("entityType").GetString(), cause.GetProperty("entityKey").GetString()));
        Assert.Equal(2, gained.GetProperty("rows").GetArrayLength()); // the security team: sarah and omar

        var lost = await Get($"reports/changes?from={Uri.EscapeDataString(t1)}&filter=omar");
        var row = Assert.Single(lost.GetProperty("rows").EnumerateArray());
        Assert.Contains("container.create", row.GetProperty("lost").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Deleted", Assert.Single(row.GetProperty("causes").EnumerateArray()).GetProperty("operation").GetString());

        var timeline = await Get($"reports/timeline?subject={Omar}&from={Uri.EscapeDataString(t0)}");
        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count); // newest first: lost, then gained
        Assert.Contains(events[0].GetProperty("lost").EnumerateArray(), l => l.GetString()!.StartsWith($"collection:/{top}: "));
        Assert.Contains(events[1].GetProperty("gained").EnumerateArray(), l => l.GetString()!.StartsWith($"collection:/{top}: "));
        var ofCollection = await Get($"reports/timeline?resource=collection:/{top}");
        Assert.Contains(ofCollection.GetProperty("events").EnumerateArray().SelectMany(e => e.GetProperty("gained").EnumerateArray()),
            l => l.GetString() == $"{Omar}: Restricted Control on collection:/{top} via team:orcabank/security");
        var csv = await Csv($"reports/timeline?subject={Omar}&from={Uri.EscapeDataString(t0)}");
        Assert.Equal(3, csv.Length);
    }

    [Fact]
    public async Task Risks_find_dangerous_permissions_inactive_users_empty_teams_and_unused_roles_each_with_an_explanation()
    {
        var team = ApiFixture.Unique("empty");
        var role = ApiFixture.Unique("Unused");
        await (await Admin.PostJson("orgs/orcabank/teams", new { name = team })).Expect(HttpStatusCode.Created);
        await (await Admin.PutJson("grants", new { subject = $"team:orcabank/{team}", role = "viewonly", resource = "collection:/prod" })).Expect(HttpStatusCode.Created);
        await (await Admin.PostJson("roles", new { name = role, permissions = new[] { "container.view" } })).Expect(HttpStatusCode.Created);

        var report = await Get("reports/risks?");
        var findings = report.GetProperty("findings").EnumerateArray().Select(f => (
            Kind: f.GetProperty("kind").GetString()!, Subject: f.GetProperty("subject").GetString()!, Resource: f.GetProperty("resource").GetString()!,
            Detail: f.GetProperty("detail").GetString()!, Explanation: f.GetProperty("explanation").GetString()!)).ToList();
        Assert.Contains(findings, f => f.Kind == "dangerous-permission" && f.Subject == Maria && f.Resource == "collection:/prod" && f.Detail.Contains("container.exec"));
        Assert.Contains(findings, f => f.Kind == "full-control-at-top" && f.Subject == "team:orcabank/ops" && f.Resource == "namespace:*");
        Assert.Contains(findings, f => f.Kind == "grant-to-inactive-user" && f.Subject == Eve);
        Assert.Contains(findings, f => f.Kind == "empty-team-with-grants" && f.Subject == $"team:orcabank/{team}");
        Assert.Contains(findings, f => f.Kind == "unused-role" && f.Resource == $"role:{role}");
        Assert.DoesNotContain(findings, f => f.Kind == "dangerous-permission" && f.Subject == Eve);
        Assert.All(findings, f => Assert.StartsWith("/reports/", f.Explanation));
        var csv = await Csv("reports/risks?");
        Assert.Equal(findings.Count + 1, csv.Length);
    }

    [Fact]
    public async Task Reports_are_for_auditors_and_administrators_and_bad_input_is_a_400()
    {
        var viewer = await app.ClientFor(AppRoles.Viewer);
        await (await viewer.GetAsync($"reports/what-can?subject={Grace}")).ExpectProblem(HttpStatusCode.Forbidden);
        await (await Admin.GetAsync($"reports/what-can?subject={Grace}")).Expect(HttpStatusCode.OK);
        var missing = await (await auditor.GetAsync("reports/who-can")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("resource", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("permission", out _));
        var unknown = await (await auditor.GetAsync("reports/who-can?resource=collection:/nowhere&permission=container.view")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("resource", out _));
        await (await auditor.GetAsync($"reports/what-can?subject={Grace}&format=xml")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await auditor.GetAsync($"reports/what-can?subject={Grace}&asOf=yesterday")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await auditor.GetAsync("reports/changes?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z")).ExpectProblem(HttpStatusCode.BadRequest);
        await (await auditor.GetAsync("reports/timeline?subject=user:x&resource=collection:/")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    private async Task<string> LastChangeInstant()
    {
        var page = await (await Admin.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items")[0].GetProperty("at").GetString()!;
    }
}

[Trait("Database", "Sqlite")]
public sealed class ReportApiTestsOnSqlite(DemoReportsSqliteFixture app) : ReportApiTests(app), IClassFixture<DemoReportsSqliteFixture>;

[Trait("Database", "Postgres")]
public sealed class ReportApiTestsOnPostgres(DemoReportsPostgresFixture app) : ReportApiTests(app), IClassFixture<DemoReportsPostgresFixture>;
