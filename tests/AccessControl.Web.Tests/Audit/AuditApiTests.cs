using System.Net;
using System.Text.Json;
using AccessControl.Web.Features.Audit;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Audit;

public abstract class AuditApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private static string? Field(JsonElement obj, string name) =>
        obj.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v
            ? v.GetString() : null;

    /// <summary>before/after when present (they are left out when null).</summary>
    private static JsonElement? State(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private async Task<JsonElement[]> UserEntries(string action, string userName)
    {
        var page = await (await Api.GetAsync($"audit?action={action}&entityType=User&limit=1000")).Expect(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray()
            .Where(e => State(e, "after") is { } after && Field(after, "userName") == userName
                        || State(e, "before") is { } before && Field(before, "userName") == userName)
            .ToArray();
    }

    [Fact]
    public async Task A_change_is_logged_with_actor_action_and_state_as_json_objects()
    {
        var name = ApiFixture.Unique("audited");
        await (await Api.PostJson("users", new { userName = name, displayName = "Before" })).Expect(HttpStatusCode.Created);
        await (await Api.PatchJson($"users/{name}", new { displayName = "After" })).Expect(HttpStatusCode.OK);

        var created = Assert.Single(await UserEntries("user.create", name));
        Assert.Equal($"token:{ApiFixture.AdminTokenName}", created.GetProperty("actor").GetString());
        Assert.NotNull(State(created, "after"));
        Assert.Null(State(created, "before"));
        Assert.Equal("Added", created.GetProperty("operation").GetString());
        Assert.EndsWith("Z", created.GetProperty("at").GetString());

        var updated = Assert.Single(await UserEntries("user.update", name));
        Assert.Equal("Before", updated.GetProperty("before").GetProperty("displayName").GetString()); // camelCase, nested JSON
        Assert.Equal("After", updated.GetProperty("after").GetProperty("displayName").GetString());

        var one = await (await Api.GetAsync($"audit/{updated.GetProperty("id").GetInt64()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(updated.ToString(), one.ToString());
    }

    [Fact]
    public async Task Each_entry_is_described_by_the_names_of_what_it_changed()
    {
        var (org, user) = (ApiFixture.Unique("described"), ApiFixture.Unique("described-user"));
        await (await Api.PostJson("orgs", new { name = org })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson($"orgs/{org}/teams", new { name = "backend" })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await (await Api.PutJson($"orgs/{org}/teams/backend/members/{user}", new { isAdmin = false })).Expect(HttpStatusCode.Created);
        var grant = await (await Api.PostJson("grants", new { subject = $"team:{org}/backend", role = "viewonly", resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);
        await (await Api.DeleteAsync($"grants/{grant.GetProperty("id").GetString()}")).Expect(HttpStatusCode.NoContent);

        await using var scope = app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditService>();
        var index = scope.ServiceProvider.GetRequiredService<AccessSnapshot>().Current.Index;
        var lines = (await audit.ListAsync(new AuditQuery(null, null, null, null, null, null, null), new PageRequest(0, 50), CancellationToken.None)).Items
            .Select(e => $"{e.Action} {e.Operation}: {AuditDescriptions.Describe(e, index)}").ToList();

        Assert.Contains($"org.create Added: org:{org}", lines);
        Assert.Contains($"team.create Added: team:{org}/backend", lines);
        Assert.Contains($"user.create Added: user:{user}", lines);
        Assert.Contains($"team.member.put Added: team:{org}/backend ∋ {user}", lines);
        Assert.Contains($"team.member.put Added: org:{org} ∋ {user}", lines); // joining a team joins its org, in the same change
        Assert.Contains($"grant.create Added: team:{org}/backend → View Only on collection:/Shared", lines);
        Assert.Contains($"grant.delete Deleted: team:{org}/backend → View Only on collection:/Shared", lines);
    }

    [Fact]
    public async Task Entries_of_one_change_share_its_change_id_and_filters_narrow_the_list()
    {
        var name = ApiFixture.Unique("changed");
        await (await Api.PostJson("users", new { userName = name })).Expect(HttpStatusCode.Created);
        var created = Assert.Single(await UserEntries("user.create", name));
        var changeId = created.GetProperty("changeId").GetString();

        // Creating a user also adds its default-org membership, private collection and grant: one change, several rows.
        var change = await (await Api.GetAsync($"audit?changeId={changeId}")).Expect(HttpStatusCode.OK);
        Assert.True(change.GetProperty("total").GetInt32() >= 2);
        Assert.All(change.GetProperty("items").EnumerateArray(), e => Assert.Equal(changeId, e.GetProperty("changeId").GetString()));
        var byKey = await (await Api.GetAsync($"audit?entityType=User&entityKey={created.GetProperty("entityKey").GetString()}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, byKey.GetProperty("total").GetInt32());
        var byActor = await (await Api.GetAsync($"audit?actor=nobody-at-all")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, byActor.GetProperty("total").GetInt32());

        var at = DateTime.Parse(created.GetProperty("at").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime();
        var from = Uri.EscapeDataString(at.AddSeconds(-1).ToString("O"));
        var to = Uri.EscapeDataString(at.AddSeconds(1).ToString("O"));
        var window = await (await Api.GetAsync($"audit?changeId={changeId}&from={from}&to={to}")).Expect(HttpStatusCode.OK);
        Assert.Equal(change.GetProperty("total").GetInt32(), window.GetProperty("total").GetInt32());
        var later = await (await Api.GetAsync($"audit?changeId={changeId}&from={to}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, later.GetProperty("total").GetInt32());
        var earlier = await (await Api.GetAsync($"audit?changeId={changeId}&to={from}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, earlier.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task The_newest_entries_come_first_and_pages_hold_limit_items()
    {
        await (await Api.PostJson("users", new { userName = ApiFixture.Unique("first") })).Expect(HttpStatusCode.Created);
        await (await Api.PostJson("users", new { userName = ApiFixture.Unique("second") })).Expect(HttpStatusCode.Created);
        var page = await (await Api.GetAsync("audit?limit=5")).Expect(HttpStatusCode.OK);
        var ids = page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.True(page.GetProperty("total").GetInt32() > 5);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45T00:00:00Z", "to")]
    [InlineData("changeId=not-a-guid", "changeId")]
    [InlineData("limit=5000", "limit")]
    public async Task Bad_filters_are_400_naming_the_field(string query, string field)
    {
        var problem = await (await Api.GetAsync($"audit?{query}")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_entry_is_404()
    {
        await (await Api.GetAsync("audit/999999999")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("POST", "audit")]
    [InlineData("PUT", "audit")]
    [InlineData("PATCH", "audit")]
    [InlineData("DELETE", "audit")]
    [InlineData("PUT", "audit/1")]
    [InlineData("PATCH", "audit/1")]
    [InlineData("DELETE", "audit/1")]
    [InlineData("POST", "audit/1")]
    public async Task The_log_cannot_be_changed_through_the_api(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent("{\"actor\":\"mallory\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class AuditApiTestsOnSqlite(SqliteApiFixture app) : AuditApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class AuditApiTestsOnPostgres(PostgresApiFixture app) : AuditApiTests(app), IClassFixture<PostgresApiFixture>;
