using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.History;

/// <summary>Every report (and the model document) as of a past instant gives the answer it gave then (a sequence of changes, answers recorded
/// after each, then asked again with asOf).</summary>
public abstract class ReportHistoryTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> LastChangeInstant()
    {
        var page = await (await Api.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items")[0].GetProperty("at").GetString()!;
    }

    /// <summary>The answer part of each report (everything but the instant it was asked at).</summary>
    private async Task<string[]> Answers(string user, string org, string top, string? asOf)
    {
        var q = asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf)}";
        var urls = new[]
        {
            $"reports/who-can?resource=collection:/{top}/api&permission=container.exec{q}",
            $"reports/who-can?resource=collection:/{top}/api&role=viewonly{q}",
            $"reports/what-can?subject=user:{user}{q}",
            $"reports/what-can/compare?first=user:{user}&second=team:{org}/ops{q}",
            $"reports/why-not?subject=user:{user}&permission=container.exec&resource=collection:/{top}/api{q}",
            $"reports/matrix?rows=users&root=collection:/{top}&filter={user}{q}",
            $"reports/risks?{q}",
            $"model?{q}",
        };
        var answers = new List<string>();
        foreach (var url in urls)
        {
            var report = await (await Api.GetAsync(url)).Expect(HttpStatusCode.OK);
            answers.Add(string.Join("\n", report.EnumerateObject().Where(p => p.Name != "asOf").Select(p => $"{p.Name}={p.Value}")));
        }
        return [.. answers];
    }

    [Fact]
    public async Task Every_report_as_of_a_past_instant_is_the_report_given_then()
    {
        var user = ApiFixture.Unique("rh");
        var org = ApiFixture.Unique("rhorg");
        var top = ApiFixture.Unique("rh");
        var setup = new List<Func<Task>>
        {
            async () => await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("collections", new { path = $"/{top}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("collections", new { path = $"/{top}/api" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created),
        };
        var steps = new List<Func<Task>>
        {
            async () => await (await Api.PutJson($"grants", new { subject = $"team:{org}/ops", role = "fullcontrol", resource = $"collection:/{top}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson($"orgs/{org}/teams/ops/members/{user}", new { })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("grants", new { subject = $"user:{user}", role = "viewonly", resource = $"collection:/{top}/api" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PatchJson($"users/{user}", new { active = false })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PatchJson($"users/{user}", new { active = true })).Expect(HttpStatusCode.OK),
            async () => await (await Api.Delete($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.NoContent),
        };
        foreach (var step in setup) await step();
        var recorded = new List<(string Instant, string[] Answers)>();
        foreach (var step in steps)
        {
            await step();
            recorded.Add((await LastChangeInstant(), await Answers(user, org, top, null)));
        }
        for (var report = 0; report < recorded[0].Answers.Length; report++)
            Assert.True(recorded.Select(r => r.Answers[report]).Distinct().Count() >= 2, $"report {report} never changed: the test would prove nothing");

        foreach (var (instant, answers) in recorded)
            Assert.Equal(answers, await Answers(user, org, top, instant));
    }
}

[Trait("Database", "Sqlite")]
public sealed class ReportHistoryTestsOnSqlite(SqliteApiFixture app) : ReportHistoryTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ReportHistoryTestsOnPostgres(PostgresApiFixture app) : ReportHistoryTests(app), IClassFixture<PostgresApiFixture>;
