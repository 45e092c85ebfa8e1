using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using AccessControl.Web.Tests.ModelDocument;

namespace AccessControl.Web.Tests.Access;

/// <summary>Decisions over the small OrcaBank model, set up through PUT /model (idempotent, so every test may call it).</summary>
public abstract class AccessApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    private async Task SetUp() =>
        await (await Api.PutAsync("model", OrcaBankDocument.Content(OrcaBankDocument.Build()))).Expect(HttpStatusCode.OK);

    private async Task<System.Text.Json.JsonElement> Check(string subject, string permission, string resource) =>
        await (await Api.PostJson("access/check", new { subject, permission, resource })).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Team_grant_on_a_parent_collection_allows_and_names_the_team_and_the_ancestor()
    {
        await SetUp();
        var answer = await Check("user:maria", "container.exec", "collection:/prod/mobile");
        Assert.True(answer.GetProperty("allowed").GetBoolean());
        var because = Assert.Single(answer.GetProperty("because").EnumerateArray());
        Assert.Equal("team:orcabank/ops", because.GetProperty("subject").GetString());
        Assert.Equal("team:orcabank/ops", because.GetProperty("via").GetString());
        Assert.Equal("fullcontrol", because.GetProperty("role").GetString());
        Assert.Equal("collection:/prod", because.GetProperty("resource").GetString());
        Assert.Equal("collection:/prod", because.GetProperty("inheritedFrom").GetString());
        Assert.False(string.IsNullOrEmpty(because.GetProperty("grant").GetString()));
        Assert.False(answer.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task A_custom_role_allows_what_it_holds_and_nothing_else()
    {
        await SetUp();
        var yes = await Check("user:lucas", "service.create", "collection:/prod/mobile");
        Assert.True(yes.GetProperty("allowed").GetBoolean());
        Assert.Equal("team:orcabank/mobile", yes.GetProperty("because")[0].GetProperty("via").GetString());
        var no = await Check("user:lucas", "container.exec", "collection:/prod/mobile");
        Assert.False(no.GetProperty("allowed").GetBoolean());
        var elsewhere = await Check("user:lucas", "service.create", "collection:/prod");
        Assert.False(elsewhere.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task A_no_has_an_empty_because_and_says_why()
    {
        await SetUp();
        var answer = await Check("user:sarah", "container.create", "collection:/prod/mobile");
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        Assert.Empty(answer.GetProperty("because").EnumerateArray());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("reason").GetString()));
        Assert.Equal("noGrant", answer.GetProperty("denial").GetString());
    }

    [Fact]
    public async Task Inactive_users_are_denied_and_admins_allowed()
    {
        await SetUp();
        var inactive = await Check("user:eve", "container.view", "collection:/prod");
        Assert.False(inactive.GetProperty("allowed").GetBoolean());
        Assert.Equal("inactive", inactive.GetProperty("denial").GetString());
        var admin = await Check("user:admin", "node.update", "collection:/System");
        Assert.True(admin.GetProperty("allowed").GetBoolean());
        Assert.True(admin.GetProperty("admin").GetBoolean());
    }

    [Fact]
    public async Task A_kubernetes_permission_on_a_collection_is_not_applicable()
    {
        await SetUp();
        var answer = await Check("user:maria", "kubernetes.pods.get", "collection:/prod");
        Assert.False(answer.GetProperty("allowed").GetBoolean());
        Assert.Equal("notApplicable", answer.GetProperty("denial").GetString());
    }

    [Theory]
    [InlineData("user:nobody", "container.view", "collection:/prod", "subject")]
    [InlineData("user:maria", "container.fly", "collection:/prod", "permission")]
    [InlineData("user:maria", "container.view", "collection:/nowhere", "resource")]
    [InlineData("someone", "container.view", "collection:/prod", "subject")]
    [InlineData("user:maria", "container.view", "prod", "resource")]
    [InlineData("user:maria", "", "collection:/prod", "permission")]
    public async Task Unknown_or_malformed_references_are_400_naming_the_field(string subject, string permission, string resource, string field)
    {
        await SetUp();
        var problem = await (await Api.PostJson("access/check", new { subject, permission, resource })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_batch_answers_in_order()
    {
        await SetUp();
        var checks = new[]
        {
            new { subject = "user:maria", permission = "container.exec", resource = "collection:/prod" },
            new { subject = "user:sarah", permission = "container.exec", resource = "collection:/prod" },
            new { subject = "user:sarah", permission = "container.view", resource = "collection:/prod/mobile" },
            new { subject = "serviceaccount:payments/ci-bot", permission = "kubernetes.pods.get", resource = "namespace:payments" },
        };
        var answer = await (await Api.PostJson("access/check-batch", new { checks })).Expect(HttpStatusCode.OK);
        Assert.Equal([true, false, true, true], answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("allowed").GetBoolean()));
    }

    [Fact]
    public async Task Each_batch_answer_is_the_single_check_answer_to_the_byte()
    {
        await SetUp();
        var checks = new[]
        {
            new { subject = "user:maria", permission = "container.exec", resource = "collection:/prod/mobile/" }, // inherited, trailing slash
            new { subject = "user:sarah", permission = "container.create", resource = "collection:/prod/mobile" },  // no, with nearest grants
            new { subject = "user:eve", permission = "container.view", resource = "collection:/prod" },              // inactive
            new { subject = "user:admin", permission = "node.update", resource = "collection:/System" },            // admin
            new { subject = "User:Maria", permission = "kubernetes.pods.get", resource = "collection:/prod" },       // not applicable
            new { subject = "serviceaccount:payments/ci-bot", permission = "kubernetes.pods.get", resource = "Namespace:payments" },
            new { subject = "team:orcabank/ops", permission = "container.exec", resource = "collection:/prod" },
            new { subject = "user:lucas", permission = "container.exec", resource = "namespace:*" },
        };
        var batch = await (await Api.PostJson("access/check-batch", new { checks })).Expect(HttpStatusCode.OK);
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(checks.Length, results.Count);
        for (var i = 0; i < checks.Length; i++)
        {
            var single = await (await Api.PostJson("access/check", checks[i])).Expect(HttpStatusCode.OK);
            Assert.Equal(single.GetRawText(), results[i].GetRawText());
        }
        Assert.Contains(results, r => r.TryGetProperty("nearest", out _));
        Assert.Contains(results, r => r.GetProperty("because").EnumerateArray().Any(b => b.TryGetProperty("inheritedFrom", out _)));
    }

    [Fact]
    public async Task A_batch_body_that_is_not_a_list_of_checks_is_a_400_and_a_body_that_is_not_json_a_415()
    {
        await SetUp();
        foreach (var body in new[] { "{\"checks\": [", "{\"checks\": \"all\"}", "[1]", "{\"checks\": [{\"subject\": 1}]}" })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            await (await Api.PostAsync("access/check-batch", content)).ExpectProblem(HttpStatusCode.BadRequest);
        }
        foreach (var body in new[] { "", "{}", "{\"checks\": null}" })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var problem = await (await Api.PostAsync("access/check-batch", content)).ExpectProblem(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("checks", out _), body);
        }
        var nullCheck = await (await Api.PostAsync("access/check-batch",
            new StringContent("{\"Checks\": [null]}", System.Text.Encoding.UTF8, "application/json"))).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(nullCheck.GetProperty("errors").TryGetProperty("checks[0]", out _), nullCheck.ToString());
        using var text = new StringContent("{\"checks\": []}", System.Text.Encoding.UTF8, "text/plain");
        await (await Api.PostAsync("access/check-batch", text)).ExpectProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_batch_takes_at_most_10000_checks()
    {
        await SetUp();
        var check = new { subject = "user:maria", permission = "container.view", resource = "collection:/prod" };
        var full = await (await Api.PostJson("access/check-batch", new { checks = Enumerable.Repeat(check, 10_000) })).Expect(HttpStatusCode.OK);
        Assert.Equal(10_000, full.GetProperty("results").GetArrayLength());
        var problem = await (await Api.PostJson("access/check-batch", new { checks = Enumerable.Repeat(check, 10_001) }))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("checks", out _));
    }

    [Fact]
    public async Task An_invalid_check_in_a_batch_is_a_400_naming_its_index()
    {
        await SetUp();
        var good = new { subject = "user:maria", permission = "container.view", resource = "collection:/prod" };
        var malformed = new { subject = "maria", permission = "container.view", resource = "collection:/prod" };
        var unknown = new { subject = "user:nobody", permission = "container.view", resource = "collection:/prod" };
        var problem = await (await Api.PostJson("access/check-batch", new { checks = new[] { good, good, good, malformed } }))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("checks[3].subject", out _), problem.ToString());
        problem = await (await Api.PostJson("access/check-batch", new { checks = new[] { good, unknown } })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("checks[1].subject", out _), problem.ToString());
    }

    [Fact]
    public async Task Who_can_lists_users_and_service_accounts_with_their_explanations()
    {
        await SetUp();
        var exec = await (await Api.GetAsync("access/who-can?permission=container.exec&resource=collection:/prod/mobile")).Expect(HttpStatusCode.OK);
        var users = exec.GetProperty("users").EnumerateArray().ToDictionary(u => u.GetProperty("userName").GetString()!);
        Assert.Contains("maria", users.Keys);
        Assert.DoesNotContain("sarah", users.Keys);
        Assert.DoesNotContain("eve", users.Keys); // inactive
        Assert.Equal("team:orcabank/ops", users["maria"].GetProperty("because")[0].GetProperty("via").GetString());
        Assert.Empty(exec.GetProperty("serviceAccounts").EnumerateArray());

        var pods = await (await Api.GetAsync("access/who-can?permission=kubernetes.pods.get&resource=namespace:payments")).Expect(HttpStatusCode.OK);
        var account = Assert.Single(pods.GetProperty("serviceAccounts").EnumerateArray());
        Assert.Equal("payments", account.GetProperty("namespace").GetString());
        Assert.Equal("ci-bot", account.GetProperty("name").GetString());

        await (await Api.GetAsync("access/who-can?resource=collection:/prod")).ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Effective_lists_every_resource_set_with_its_permissions_sorted()
    {
        await SetUp();
        var answer = await (await Api.GetAsync("access/effective?subject=user:lucas")).Expect(HttpStatusCode.OK);
        Assert.Equal("user:lucas", answer.GetProperty("subject").GetString());
        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.False(answer.GetProperty("admin").GetBoolean());
        var entries = answer.GetProperty("entries").EnumerateArray().ToList();
        var resources = entries.Select(e => e.GetProperty("resource").GetString()!).ToList();
        Assert.Equal(resources.Order(StringComparer.Ordinal), resources);
        var mobile = entries.Single(e => e.GetProperty("resource").GetString() == "collection:/prod/mobile");
        Assert.Contains("service.create", mobile.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.DoesNotContain("container.exec", mobile.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        var problem = await (await Api.GetAsync("access/effective?subject=user:nobody")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("subject", out _));
    }
}

[Trait("Database", "Sqlite")]
public sealed class AccessApiTestsOnSqlite(SqliteApiFixture app) : AccessApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class AccessApiTestsOnPostgres(PostgresApiFixture app) : AccessApiTests(app), IClassFixture<PostgresApiFixture>;
