using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.ServiceAccounts;

public abstract class ServiceAccountsApiTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Service_accounts_need_no_namespace_entity_and_are_unique_per_namespace()
    {
        var ns = ApiFixture.Unique("k8s");
        var created = await (await Api.PostJson("service-accounts", new { @namespace = ns, name = "ci.bot" })).Expect(HttpStatusCode.Created);
        Assert.Equal(ns, created.Str("namespace"));
        await (await Api.PostJson("service-accounts", new { @namespace = ns, name = "other" })).Expect(HttpStatusCode.Created);
        await (await Api.GetAsync($"namespaces/{ns}")).ExpectProblem(HttpStatusCode.NotFound);

        var list = await (await Api.GetAsync($"service-accounts?namespace={ns}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["ci.bot", "other"], list.Strings("name"));
        Assert.Equal("ci.bot", (await (await Api.GetAsync($"service-accounts/{ns}/ci.bot")).Expect(HttpStatusCode.OK)).Str("name"));
        await (await Api.PostJson("service-accounts", new { @namespace = ns, name = "ci.bot" })).ExpectProblem(HttpStatusCode.Conflict);
        await (await Api.GetAsync($"service-accounts/{ns}/missing")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_service_accounts_are_refused_with_field_errors()
    {
        var problem = await (await Api.PostJson("service-accounts", new { @namespace = "Bad.NS", name = "Bad_Name" })).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("namespace", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        var list = await (await Api.GetAsync("service-accounts?namespace=bad.ns")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Deleting_a_service_account_deletes_its_grants()
    {
        var ns = ApiFixture.Unique("apps");
        await (await Api.PostJson("service-accounts", new { @namespace = ns, name = "deployer" })).Expect(HttpStatusCode.Created);
        var grant = await (await Api.PutJson("grants", new { subject = $"serviceaccount:{ns}/deployer", role = "fullcontrol", resource = "namespace:*" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal($"serviceaccount:{ns}/deployer", grant.Str("subject"));

        await (await Api.Delete($"service-accounts/{ns}/deployer")).Expect(HttpStatusCode.NoContent);
        await (await Api.GetAsync($"service-accounts/{ns}/deployer")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.GetAsync($"grants/{grant.Str("id")}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.Delete($"service-accounts/{ns}/deployer")).ExpectProblem(HttpStatusCode.NotFound);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ServiceAccountsApiTestsOnSqlite(SqliteApiFixture app) : ServiceAccountsApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ServiceAccountsApiTestsOnPostgres(PostgresApiFixture app) : ServiceAccountsApiTests(app), IClassFixture<PostgresApiFixture>;
