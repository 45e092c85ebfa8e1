using System.Net;
using System.Text.Json;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.History;

/// <summary>Decisions as of a past instant answer exactly as they did then (rebuilt from the audit log).</summary>
public abstract class AsOfTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> LastChangeInstant()
    {
        var page = await (await Api.GetAsync("audit?limit=1")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items")[0].GetProperty("at").GetString()!;
    }

    private async Task<(bool Exec, bool View, string[] WhoCanView, string Effective)> Answers(string user, string path, string? asOf)
    {
        var q = asOf is null ? "" : $"?asOf={Uri.EscapeDataString(asOf)}";
        var exec = await (await Api.PostJson($"access/check{q}", new { subject = $"user:{user}", permission = "container.exec", resource = $"collection:{path}" }))
            .Expect(HttpStatusCode.OK);
        var view = await (await Api.PostJson($"access/check{q}", new { subject = $"user:{user}", permission = "container.view", resource = $"collection:{path}" }))
            .Expect(HttpStatusCode.OK);
        var sep = q.Length == 0 ? "?" : "&";
        var who = await (await Api.GetAsync($"access/who-can{q}{sep}permission=container.view&resource=collection:{path}")).Expect(HttpStatusCode.OK);
        var effective = await (await Api.GetAsync($"access/effective{q}{sep}subject=user:{user}")).Expect(HttpStatusCode.OK);
        return (exec.GetProperty("allowed").GetBoolean(), view.GetProperty("allowed").GetBoolean(),
            who.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).Order().ToArray(),
            effective.GetProperty("entries").ToString());
    }

    [Fact]
    public async Task Every_answer_as_of_a_past_instant_is_the_answer_given_then()
    {
        var user = ApiFixture.Unique("hist");
        var org = ApiFixture.Unique("historg");
        var top = ApiFixture.Unique("hist");
        var path = $"/{top}/api";
        var steps = new List<Func<Task>>
        {
            async () => await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("collections", new { path = $"/{top}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("collections", new { path })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PostJson($"orgs/{org}/teams", new { name = "ops" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson($"orgs/{org}/teams/ops/members/{user}", new { })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("grants", new { subject = $"team:{org}/ops", role = "viewonly", resource = $"collection:/{top}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PutJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = $"collection:{path}" })).Expect(HttpStatusCode.Created),
            async () => await (await Api.PatchJson($"users/{user}", new { active = false })).Expect(HttpStatusCode.OK),
            async () => await (await Api.PatchJson($"users/{user}", new { active = true })).Expect(HttpStatusCode.OK),
            async () => await (await Api.Delete($"orgs/{org}/members/{user}")).Expect(HttpStatusCode.NoContent),
        };

        foreach (var step in steps.Take(3)) await step();
        var recorded = new List<(string Instant, (bool, bool, string[], string) Answers)>();
        foreach (var step in steps.Skip(3))
        {
            await step();
            recorded.Add((await LastChangeInstant(), await Answers(user, path, null)));
        }
        // The sequence really changed the answers (otherwise the test would prove nothing).
        Assert.True(recorded.Select(r => r.Answers.Item1).Distinct().Count() == 2, "exec should be granted and then lost");
        Assert.True(recorded.Select(r => r.Answers.Item4).Distinct().Count() >= 3);

        foreach (var (instant, answers) in recorded)
        {
            var then = await Answers(user, path, instant);
            Assert.Equal(answers.Item1, then.Exec);
            Assert.Equal(answers.Item2, then.View);
            Assert.Equal(answers.Item3, then.WhoCanView);
            Assert.Equal(answers.Item4, then.Effective);
        }
    }

    [Fact]
    public async Task Before_a_subject_existed_it_is_unknown_and_a_bad_instant_is_a_400()
    {
        var before = await LastChangeInstant();
        var user = ApiFixture.Unique("late");
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var now = await (await Api.GetAsync($"access/effective?subject=user:{user}")).Expect(HttpStatusCode.OK);
        Assert.NotEmpty(now.GetProperty("entries").EnumerateArray());
        var then = await (await Api.GetAsync($"access/effective?subject=user:{user}&asOf={Uri.EscapeDataString(before)}"))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(then.GetProperty("errors").TryGetProperty("subject", out _));
        var bad = await (await Api.GetAsync($"access/effective?subject=user:{user}&asOf=yesterday")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("asOf", out _));
    }
}

[Trait("Database", "Sqlite")]
public sealed class AsOfTestsOnSqlite(SqliteApiFixture app) : AsOfTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class AsOfTestsOnPostgres(PostgresApiFixture app) : AsOfTests(app), IClassFixture<PostgresApiFixture>;
