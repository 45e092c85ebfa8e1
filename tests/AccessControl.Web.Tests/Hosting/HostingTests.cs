using System.Net;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Hosting;

public abstract class HostingTests(ApiFixture app)
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Liveness_and_readiness_answer_healthy()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/healthz")).StatusCode);
        var ready = await Api.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api_and_the_reference_page_is_served()
    {
        var doc = await (await Api.GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/users", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{org}/teams/{team}/members/{userName}", out _));
        var scalar = await Api.GetAsync("/scalar/"); // /scalar redirects here, and a redirect does not carry the Authorization header
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("<html", await scalar.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_problem_details()
    {
        await (await Api.GetAsync("no-such-thing")).ExpectProblem(HttpStatusCode.NotFound);
        await (await Api.PutJson("users", new { })).ExpectProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_changes_nothing()
    {
        var name = ApiFixture.Unique("huge");
        var body = $"{{\"userName\":\"{name}\",\"displayName\":\"{new string('x', 33 * 1024 * 1024)}\"}}";
        var response = await Api.PostAsync("users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        await (await Api.GetAsync($"users/{name}")).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_json_types_are_a_400_problem_not_a_500()
    {
        var response = await Api.PostAsync("users", new StringContent("{\"userName\": 42, \"active\": \"maybe\"}", System.Text.Encoding.UTF8, "application/json"));
        await response.ExpectProblem(HttpStatusCode.BadRequest);
        var array = await Api.PostAsync("users", new StringContent("[1,2,3]", System.Text.Encoding.UTF8, "application/json"));
        await array.ExpectProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_paging_is_a_400_with_field_errors()
    {
        var problem = await (await Api.GetAsync("users?limit=5000")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
        await (await Api.GetAsync("users?offset=abc")).ExpectProblem(HttpStatusCode.BadRequest);
    }
}

[Trait("Database", "Sqlite")]
public sealed class HostingTestsOnSqlite(SqliteApiFixture app) : HostingTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class HostingTestsOnPostgres(PostgresApiFixture app) : HostingTests(app), IClassFixture<PostgresApiFixture>;
