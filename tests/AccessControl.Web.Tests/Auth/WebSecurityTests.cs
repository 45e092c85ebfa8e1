using System.Net;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Auth;

/// <summary>Security headers, the per-token rate limit, and secrets kept out of the logs.</summary>
[Trait("Database", "Sqlite")]
public sealed class WebSecurityTests(WebSecurityTests.Fixture app) : IClassFixture<WebSecurityTests.Fixture>
{
    public sealed class Fixture : SqliteApiFixture
    {
        public const int PermitsPerMinute = 50;
        protected override bool CaptureLogs => true;
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("RateLimiting:TokenPermitsPerMinute", PermitsPerMinute.ToString())];
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_and_the_api_reference_has_its_own_policy()
    {
        foreach (var response in new[] { await app.Client.GetAsync("users"), await app.Anonymous().GetAsync("/healthz") })
        {
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self';", csp);
            Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
        var scalar = await app.Client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("script-src 'self' 'unsafe-inline'", string.Join(";", scalar.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task A_token_over_its_rate_limit_gets_429_with_retry_after_and_other_tokens_are_not_affected()
    {
        var busy = await app.ClientFor(AppRoles.Viewer);
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= Fixture.PermitsPerMinute && refused is null; i++)
        {
            var response = await busy.GetAsync("roles?limit=1");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }
        Assert.NotNull(refused);
        var problem = await refused.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("Retry after", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After"))) > 0);

        var other = await app.ClientFor(AppRoles.Viewer);
        await (await other.GetAsync("roles?limit=1")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_secrets_are_never_logged()
    {
        var created = await (await app.Client.PostJson("tokens", new { name = ApiFixture.Unique("logged"), role = "Viewer", expiresInDays = 1 }))
            .Expect(HttpStatusCode.Created);
        var token = created.GetProperty("token").GetString()!;
        var viewer = app.Anonymous();
        viewer.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await (await viewer.GetAsync("users")).Expect(HttpStatusCode.OK);
        await (await viewer.PostJson("users", new { userName = "x" })).ExpectProblem(HttpStatusCode.Forbidden);
        await (await app.Client.DeleteAsync($"tokens/{created.GetProperty("id").GetString()}")).Expect(HttpStatusCode.NoContent);
        await (await viewer.GetAsync("users")).ExpectProblem(HttpStatusCode.Unauthorized);

        var logs = app.Logs.Messages.ToArray();
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, m => m.Contains(token[4..], StringComparison.Ordinal));
    }
}
