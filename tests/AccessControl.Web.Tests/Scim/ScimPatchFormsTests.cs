using System.Net;
using System.Text.Json;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>Every PATCH form of scim.md ("PATCH, as the clients send it"), and the body rules of writes.</summary>
public abstract class ScimPatchFormsTests(ApiFixture app)
{
    private async Task<(ScimClient Scim, string Id)> NewUser(object? extra = null)
    {
        var scim = await ScimClient.ConnectAsync(app);
        var id = (await (await scim.Post("Users", new { schemas = new[] { UserSchema }, userName = ApiFixture.Unique("pf") + "@x.example" })).Scim(HttpStatusCode.Created)).Id();
        return (scim, id);
    }

    private static Task<JsonElement> Patch(ScimClient scim, string id, params object[] ops) =>
        scim.Patch($"Users/{id}", ScimClient.PatchOp(ops)).ContinueWith(t => t.Result.Scim(HttpStatusCode.OK)).Unwrap();

    [Fact]
    public async Task Value_path_upserts_the_missing_work_email_and_sub_attribute_names_ignore_case()
    {
        var (scim, id) = await NewUser();
        var u = await Patch(scim, id, new { op = "Add", path = "emails[type eq \"work\"].Value", value = "w@x.example" });
        var email = Assert.Single(u.GetProperty("emails").EnumerateArray());
        Assert.Equal("w@x.example", email.GetProperty("value").GetString());
        Assert.Equal("work", email.GetProperty("type").GetString());
        u = await Patch(scim, id, new { op = "Replace", path = "name.Formatted", value = "F" }, new { op = "Replace", path = "NAME.givenName", value = "G" });
        Assert.Equal("F", u.GetProperty("name").GetProperty("formatted").GetString());
        Assert.Equal("G", u.GetProperty("name").GetProperty("givenName").GetString());
    }

    [Fact]
    public async Task Pathless_objects_merge_their_keys_as_paths_including_extension_urns()
    {
        var (scim, id) = await NewUser();
        var u = await Patch(scim, id, new
        {
            op = "add",
            value = new Dictionary<string, object>
            {
                ["name.givenName"] = "Gina", ["displayName"] = "Gina D", ["title"] = "Ops",
                [$"{Enterprise}:department"] = "Infra",
                [Enterprise] = new { employeeNumber = "7" },
                ["nickName"] = "ignored-unknown",
            },
        });
        Assert.Equal("Gina", u.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal("Gina D", u.GetProperty("displayName").GetString());
        Assert.Equal("Infra", u.GetProperty(Enterprise).GetProperty("department").GetString());
        Assert.Equal("7", u.GetProperty(Enterprise).GetProperty("employeeNumber").GetString());
        Assert.False(u.TryGetProperty("nickName", out _));
        // Replace of a complex attribute merges: familyName added, givenName stays.
        u = await Patch(scim, id, new { op = "replace", path = "name", value = new { familyName = "D" } });
        Assert.Equal("Gina", u.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal("D", u.GetProperty("name").GetProperty("familyName").GetString());
        // Remove, and null as "no value".
        u = await Patch(scim, id, new { op = "remove", path = "title" }, new { op = "replace", path = "displayName", value = (string?)null });
        Assert.False(u.TryGetProperty("title", out _));
        Assert.False(u.TryGetProperty("displayName", out _));
    }

    [Theory]
    [InlineData("\"false\"", false)]
    [InlineData("\"False\"", false)]
    [InlineData("false", false)]
    [InlineData("\"True\"", true)]
    [InlineData("true", true)]
    public async Task Booleans_may_come_as_strings(string json, bool expected)
    {
        var (scim, id) = await NewUser();
        var body = $"{{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{{\"op\":\"Replace\",\"path\":\"active\",\"value\":{json}}}]}}";
        var u = await (await scim.Send(HttpMethod.Patch, $"Users/{id}", body)).Scim(HttpStatusCode.OK);
        Assert.Equal(expected, u.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Manager_accepts_a_bare_id_an_object_or_a_list_and_is_always_returned_as_an_object()
    {
        var (scim, id) = await NewUser();
        var boss = (await (await scim.Post("Users", new { userName = ApiFixture.Unique("boss") })).Scim(HttpStatusCode.Created)).Id();
        var boss2 = (await (await scim.Post("Users", new { userName = ApiFixture.Unique("boss") })).Scim(HttpStatusCode.Created)).Id();
        var path = $"{Enterprise}:manager";
        foreach (var (value, expected) in new (object, string)[] { (boss, boss), (new { value = boss2 }, boss2), (new[] { new { value = boss } }, boss) })
        {
            var u = await Patch(scim, id, new { op = "replace", path, value });
            Assert.Equal(expected, u.GetProperty(Enterprise).GetProperty("manager").GetProperty("value").GetString());
        }
        var filtered = await (await scim.Get($"Users?filter={Uri.EscapeDataString($"{Enterprise}:manager.value eq \"{boss}\"")}")).Scim(HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(filtered.Resources()).Id());
        var removed = await Patch(scim, id, new { op = "Remove", path });
        Assert.False(removed.GetProperty(Enterprise).TryGetProperty("manager", out _));
    }

    [Fact]
    public async Task Member_forms_add_is_idempotent_remove_by_value_or_filter_and_remove_all()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await (await scim.Post("Users", new { userName = ApiFixture.Unique("m") })).Scim(HttpStatusCode.Created)).Id());
        var g = (await (await scim.Post("Groups", new { displayName = ApiFixture.Unique("Members Forms") })).Scim(HttpStatusCode.Created)).Id();
        async Task<string[]> Members() => (await (await scim.Get($"Groups/{g}")).Scim(HttpStatusCode.OK)).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("value").GetString()!).Order().ToArray();
        async Task Do(params object[] ops) => await (await scim.Patch($"Groups/{g}", ScimClient.PatchOp(ops))).Expect(HttpStatusCode.NoContent);

        await Do(new { op = "Add", path = "members", value = ids.Select(v => new { value = v }) });
        await Do(new { op = "add", path = "members", value = new[] { new { value = ids[0] } } });
        Assert.Equal(ids.Order(), await Members());
        await Do(new { op = "Remove", path = "members", value = new[] { new { value = ids[0] } } });
        Assert.Equal(ids.Skip(1).Order(), await Members());
        await Do(new { op = "remove", path = $"members[value eq \"{ids[1]}\"]" });
        Assert.Equal(new[] { ids[2] }, await Members());
        await Do(new { op = "replace", path = "displayName", value = ApiFixture.Unique("Renamed") });
        Assert.Equal(new[] { ids[2] }, await Members()); // a PATCH that does not address members never touches them
        await Do(new { op = "replace", path = "members", value = new[] { new { value = ids[0] }, new { value = ids[1] } } });
        Assert.Equal(ids.Take(2).Order(), await Members());
        await Do(new { op = "remove", path = "members" });
        Assert.Empty(await Members());
        var filtered = await (await scim.Get($"Groups?filter={Uri.EscapeDataString($"members[value eq \"{ids[0]}\"]")}")).Scim(HttpStatusCode.OK);
        Assert.Empty(filtered.Resources());
    }

    [Fact]
    public async Task Bodies_ignore_case_unknown_attributes_read_only_attributes_and_nulls()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var userName = ApiFixture.Unique("Case") + "@x.example";
        var body = $$"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:unknown"],"id":"ignored","UserName":"{{userName}}",
             "NAME":{"GivenName":"Ci"},"Title":null,"unknownThing":{"a":1},"meta":{"created":"1999-01-01T00:00:00Z"},
             "Emails":[{"Value":"ci@x.example","Type":"Work","Primary":"true"}]}
            """;
        var u = await (await scim.Send(HttpMethod.Post, "Users", body)).Scim(HttpStatusCode.Created);
        Assert.NotEqual("ignored", u.Id());
        Assert.Equal(userName, u.GetProperty("userName").GetString());
        Assert.Equal("Ci", u.GetProperty("name").GetProperty("givenName").GetString());
        Assert.Equal("ci@x.example", u.GetProperty("emails")[0].GetProperty("value").GetString());
        Assert.False(u.TryGetProperty("title", out _));
        Assert.NotEqual("1999-01-01T00:00:00Z", u.GetProperty("meta").GetProperty("created").GetString());
    }

    [Fact]
    public async Task Attributes_and_excluded_attributes_project_the_answer_and_id_is_always_returned()
    {
        var (scim, id) = await NewUser();
        await Patch(scim, id, new { op = "add", path = "name.givenName", value = "P" }, new { op = "add", path = "title", value = "T" });
        var only = await (await scim.Get($"Users/{id}?attributes=userName,name.givenName")).Scim(HttpStatusCode.OK);
        Assert.Equal(id, only.Id());
        Assert.True(only.TryGetProperty("userName", out _));
        Assert.Equal("P", only.GetProperty("name").GetProperty("givenName").GetString());
        Assert.False(only.TryGetProperty("title", out _));
        var without = await (await scim.Get($"Users?filter=id eq \"{id}\"&excludedAttributes=title,id,name")).Scim(HttpStatusCode.OK);
        var r = Assert.Single(without.Resources());
        Assert.Equal(id, r.Id());
        Assert.False(r.TryGetProperty("title", out _));
        Assert.False(r.TryGetProperty("name", out _));
        Assert.True(r.TryGetProperty("userName", out _));
    }
}

[Trait("Database", "Sqlite")]
public sealed class ScimPatchFormsTestsOnSqlite(SqliteApiFixture app) : ScimPatchFormsTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ScimPatchFormsTestsOnPostgres(PostgresApiFixture app) : ScimPatchFormsTests(app), IClassFixture<PostgresApiFixture>;
