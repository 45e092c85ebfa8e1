using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.ModelDocument;

/// <summary>PUT /model replaces everything, so every test here starts by putting the document it needs.</summary>
public abstract class ModelDocumentApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task<string> GetText()
    {
        var response = await Api.GetAsync("model");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonElement> Put(JsonNode document, string query = "") =>
        await (await Api.PutAsync("model" + query, OrcaBankDocument.Content(document))).Expect(HttpStatusCode.OK);

    private static IEnumerable<(string Op, string Kind, string Key)> Changes(JsonElement result) =>
        result.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("op").GetString()!, c.GetProperty("kind").GetString()!, c.GetProperty("key").GetString()!));

    [Fact]
    public async Task Put_then_get_answers_the_document()
    {
        var document = OrcaBankDocument.Build();
        await Put(document);
        var got = JsonNode.Parse(await GetText());
        Assert.True(JsonNode.DeepEquals(document, got), $"expected {document.ToJsonString()}\n     got {got!.ToJsonString()}");
    }

    [Fact]
    public async Task A_round_trip_changes_nothing_and_is_byte_identical()
    {
        await Put(OrcaBankDocument.Build());
        var first = await GetText();
        var result = await (await Api.PutAsync("model", new StringContent(first, System.Text.Encoding.UTF8, "application/json"))).Expect(HttpStatusCode.OK);
        Assert.Empty(result.GetProperty("changes").EnumerateArray());
        Assert.Equal(first, await GetText());
    }

    [Fact]
    public async Task A_put_applies_only_the_differences()
    {
        await Put(OrcaBankDocument.Build());
        var document = OrcaBankDocument.Build();
        var users = document["users"]!.AsArray();
        users.RemoveAt(1); // eve
        var org = document["orgs"]![0]!;
        org["members"]!.AsArray().RemoveAt(0);
        org["teams"]![1]!["members"] = new JsonArray("maria");
        document["roles"]![0]!["permissions"]!.AsArray().Insert(4, "service.update"); // kept in GET's (sorted) order
        var result = await Put(document);
        var changes = Changes(result).ToList();
        Assert.Contains(("remove", "user", "eve"), changes);
        Assert.Contains(("update", "role", "Dev"), changes);
        Assert.DoesNotContain(changes, c => c.Kind == "grant");
        Assert.DoesNotContain(changes, c => c.Key == "maria");
        Assert.True(JsonNode.DeepEquals(document, JsonNode.Parse(await GetText())));
    }

    [Fact]
    public async Task Team_members_become_org_members_and_nothing_else_is_added()
    {
        var document = OrcaBankDocument.Build();
        document["orgs"]![0]!["members"]!.AsArray().RemoveAt(1); // lucas: still in team mobile
        await Put(document);
        var got = JsonNode.Parse(await GetText())!;
        var members = got["orgs"]![0]!["members"]!.AsArray().Select(m => m!["userName"]!.GetValue<string>());
        Assert.Contains("lucas", members);
        // No private collections, default grants or default-org memberships for the new users.
        Assert.Equal(["/prod", "/prod/mobile"], got["collections"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Single(got["orgs"]!.AsArray());
        Assert.Equal(4, got["grants"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_dry_run_lists_changes_and_impact_and_changes_nothing()
    {
        await Put(OrcaBankDocument.Build());
        var before = await GetText();
        var document = OrcaBankDocument.Build();
        document["users"]!.AsArray().Add(new JsonObject { ["userName"] = "zoe", ["active"] = true, ["isAdmin"] = false });
        document["orgs"]![0]!["teams"]![2]!["members"]!.AsArray().Add("zoe"); // security: View Only on /prod
        document["grants"]!.AsArray().RemoveAt(1);                              // mobile loses Dev on /prod/mobile

        var result = await Put(document, "?dryRun=true");
        var changes = Changes(result).ToList();
        Assert.Contains(("add", "user", "zoe"), changes);
        Assert.Contains(("add", "orgMember", "orcabank/zoe"), changes);
        Assert.Contains(("add", "teamMember", "orcabank/security/zoe"), changes);
        Assert.Contains(changes, c => c is ("remove", "grant", _) && c.Key.Contains("team:orcabank/mobile"));
        var impact = result.GetProperty("impact");
        Assert.Contains(impact.GetProperty("gained").EnumerateArray(), g => g.GetProperty("subject").GetString() == "user:zoe"
            && g.GetProperty("resource").GetString() == "collection:/prod"
            && g.GetProperty("permissions").EnumerateArray().Any(p => p.GetString() == "container.view"));
        Assert.Contains(impact.GetProperty("lost").EnumerateArray(), l => l.GetProperty("subject").GetString() == "user:lucas"
            && l.GetProperty("permissions").EnumerateArray().Any(p => p.GetString() == "service.create"));
        Assert.Equal(before, await GetText());
    }

    [Fact]
    public async Task An_invalid_document_is_refused_with_every_field_error_and_changes_nothing()
    {
        await Put(OrcaBankDocument.Build());
        var before = await GetText();
        var document = OrcaBankDocument.Build();
        document["users"]!.AsArray().Add(new JsonObject { ["userName"] = "MARIA" });
        document["users"]!.AsArray().Add(new JsonObject { ["userName"] = "" });
        document["orgs"]!.AsArray().Add(new JsonObject { ["name"] = "Bad Org!" });
        document["roles"]![0]!["permissions"]!.AsArray().Add("container.fly");
        document["collections"]!.AsArray().Add("/prod/bad name");
        document["grants"]!.AsArray().Add(new JsonObject { ["subject"] = "user:nobody", ["role"] = "viewonly", ["resource"] = "collection:/prod" });
        document["grants"]!.AsArray().Add(new JsonObject { ["subject"] = "user:maria", ["role"] = "No Such Role", ["resource"] = "collection:/prod" });
        document["grants"]!.AsArray().Add(new JsonObject { ["subject"] = "user:maria", ["role"] = "viewonly", ["resource"] = "namespace:ghost" });

        var problem = await (await Api.PutAsync("model", OrcaBankDocument.Content(document))).ExpectProblem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        foreach (var field in new[] { "users[5].userName", "users[6].userName", "orgs[1].name", "roles[0].permissions[5]", "collections[2]",
                                      "grants[4].subject", "grants[5].role", "grants[6].resource" })
            Assert.True(errors.Contains(field), $"expected an error for {field}; got {string.Join(", ", errors)}");
        Assert.Equal(before, await GetText());

        // A dry run validates the same way.
        await (await Api.PutAsync("model?dryRun=true", OrcaBankDocument.Content(document))).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Built_in_roles_may_be_listed_but_not_changed()
    {
        await Put(OrcaBankDocument.Build());
        var document = OrcaBankDocument.Build();
        document["roles"]!.AsArray().Add(new JsonObject { ["id"] = "scheduler", ["name"] = "Scheduler", ["permissions"] = new JsonArray("node.schedule", "node.view") });
        var result = await Put(document);
        Assert.Empty(result.GetProperty("changes").EnumerateArray());

        document["roles"]![1]!["permissions"] = new JsonArray("node.view");
        var problem = await (await Api.PutAsync("model", OrcaBankDocument.Content(document))).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("roles[1].permissions", out _));
    }

    [Fact]
    public async Task A_put_is_audited_as_model_put()
    {
        await Put(OrcaBankDocument.Build());
        var document = OrcaBankDocument.Build();
        document["namespaces"]!.AsArray().Add("audited-ns");
        await Put(document);
        var audit = await (await Api.GetAsync("audit?action=model.put&limit=1000")).Expect(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("entityType").GetString() == "Namespace"
            && e.TryGetProperty("after", out var after) && after.GetProperty("name").GetString() == "audited-ns");
    }

    [Fact]
    public async Task A_document_cannot_drop_the_custom_role_new_users_get()
    {
        var document = OrcaBankDocument.Build();
        document["settings"]!["defaultNewUserRole"] = "Dev";
        await Put(document);
        var without = OrcaBankDocument.Build();
        without.Remove("settings");
        without["roles"] = new JsonArray();
        without["grants"] = new JsonArray(without["grants"]!.AsArray().Where(g => g!["role"]!.GetValue<string>() != "Dev")
            .Select(g => g!.DeepClone()).ToArray());
        var problem = await (await Api.PutAsync("model", OrcaBankDocument.Content(without))).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("settings.defaultNewUserRole", out _));
        Assert.Contains("\"Dev\"", await GetText()); // nothing changed
        await Put(OrcaBankDocument.Build()); // back to the default role for the other tests
    }

    [Fact]
    public async Task A_stale_if_match_is_refused()
    {
        await Put(OrcaBankDocument.Build());
        var etag = (await Api.GetAsync("model")).Headers.ETag!.Tag;
        var document = OrcaBankDocument.Build();
        document["namespaces"]!.AsArray().Add("etag-ns");
        await Put(document);
        var request = new HttpRequestMessage(HttpMethod.Put, "model") { Content = OrcaBankDocument.Content(OrcaBankDocument.Build()) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await Api.SendAsync(request)).ExpectProblem(HttpStatusCode.PreconditionFailed);
        Assert.Contains("etag-ns", await GetText());
    }

    [Fact]
    public async Task A_document_of_thousands_of_users_goes_through_and_round_trips()
    {
        var document = OrcaBankDocument.Build();
        var users = document["users"]!.AsArray();
        var members = document["orgs"]![0]!["members"]!.AsArray();
        var team = document["orgs"]![0]!["teams"]![1]!["members"]!.AsArray();
        for (var i = 0; i < 3000; i++)
        {
            var name = $"user{i:D5}@orcabank.example";
            users.Add(new JsonObject { ["userName"] = name, ["displayName"] = $"User {i}", ["email"] = name, ["active"] = true, ["isAdmin"] = false });
            members.Add(new JsonObject { ["userName"] = name, ["isAdmin"] = false });
            if (i % 10 == 0) team.Add(name);
        }
        var result = await Put(document);
        Assert.True(result.GetProperty("changes").GetArrayLength() > 6000);
        var text = await GetText();
        var again = await (await Api.PutAsync("model", new StringContent(text, System.Text.Encoding.UTF8, "application/json"))).Expect(HttpStatusCode.OK);
        Assert.Empty(again.GetProperty("changes").EnumerateArray());
        Assert.Equal(3005, JsonNode.Parse(text)!["users"]!.AsArray().Count);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ModelDocumentApiTestsOnSqlite(SqliteApiFixture app) : ModelDocumentApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ModelDocumentApiTestsOnPostgres(PostgresApiFixture app) : ModelDocumentApiTests(app), IClassFixture<PostgresApiFixture>;
