using System.Net;
using System.Text;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Auth;

/// <summary>
/// Every endpoint of the app (from its endpoint data source) names its policy or says it is anonymous, and each app role
/// and anonymous callers get exactly what that policy says: 401/403 where it denies, anything else where it allows.
/// </summary>
public abstract class EndpointMatrixTests(ApiFixture app)
{
    private static readonly string[] KnownPolicies = [Policies.Read, Policies.Audit, Policies.Admin, Policies.Delegated];
    private const string Anonymous = "anonymous";

    /// <summary>The policy an endpoint names, "anonymous" for AllowAnonymous, or null when it names none (or several).</summary>
    public static string? PolicyOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Anonymous;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Distinct().ToList();
        return policies is [{ } one] && KnownPolicies.Contains(one) ? one : null;
    }

    public static List<string> EndpointsWithoutPolicy(IEnumerable<Endpoint> endpoints) =>
        endpoints.OfType<RouteEndpoint>().Where(e => PolicyOf(e) is null).Select(e => e.DisplayName ?? e.RoutePattern.RawText!).ToList();

    private List<RouteEndpoint> AppEndpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    [Fact]
    public void Every_endpoint_names_a_policy_or_allows_anonymous()
    {
        var endpoints = AppEndpoints();
        Assert.True(endpoints.Count > 60, $"only {endpoints.Count} endpoints found");
        Assert.Empty(EndpointsWithoutPolicy(endpoints));
    }

    [Fact]
    public void An_endpoint_without_a_policy_is_reported()
    {
        var bare = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/forgotten"), 0, EndpointMetadataCollection.Empty, "forgotten");
        var twoPolicies = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/both"), 0,
            new EndpointMetadataCollection(new AuthorizeAttribute(Policies.Read), new AuthorizeAttribute(Policies.Admin)), "both");
        var plainAuthorize = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/plain"), 0,
            new EndpointMetadataCollection(new AuthorizeAttribute()), "plain");
        var named = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/named"), 0,
            new EndpointMetadataCollection(new AuthorizeAttribute(Policies.Read)), "named");
        Assert.Equal(["forgotten", "both", "plain"], EndpointsWithoutPolicy([bare, named, twoPolicies, plainAuthorize]));
    }

    [Fact]
    public async Task Each_app_role_and_anonymous_callers_get_what_the_policy_says()
    {
        var callers = new Dictionary<string, HttpClient>
        {
            [Anonymous] = app.Anonymous(),
            [AppRoles.Viewer] = await app.ClientFor(AppRoles.Viewer),
            [AppRoles.Auditor] = await app.ClientFor(AppRoles.Auditor),
            [AppRoles.Administrator] = await app.ClientFor(AppRoles.Administrator),
        };
        var failures = new List<string>();
        var calls = 0;
        // Administrators last: their calls may change data the others' calls would read.
        foreach (var (who, client) in callers.OrderBy(c => c.Key == AppRoles.Administrator))
        foreach (var endpoint in AppEndpoints())
        foreach (var method in Methods(endpoint))
        {
            var policy = PolicyOf(endpoint)!;
            var path = Path(endpoint.RoutePattern);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            calls++;
            var status = (int)response.StatusCode;
            var isApi = path.StartsWith("/api/", StringComparison.Ordinal);
            var problem = $"{who} {method} {path} ({policy}): {status}";
            if (who == Anonymous && policy != Anonymous)
            {
                // API paths answer 401; pages and the API reference send a browser to sign in.
                var ok = isApi ? status == 401 : status is 401 or 302;
                if (!ok) failures.Add(problem + " (expected 401)");
                if (isApi && response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add(problem + " not a problem");
            }
            else if (Allows(policy, who))
            {
                // Delegated endpoints let every app role through the policy; the service then refuses what is beyond reach.
                var denied = status == 401 || status == 403 && policy != Policies.Delegated;
                if (denied || status >= 500) failures.Add(problem + " (expected allowed)");
            }
            else if (status != 403)
            {
                failures.Add(problem + " (expected 403)");
            }
            else if (isApi && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add(problem + " not a problem");
            }
        }
        Assert.True(calls > 200, $"only {calls} calls");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool Allows(string policy, string who) => policy switch
    {
        Anonymous => true,
        Policies.Read or Policies.Delegated => who != Anonymous,
        Policies.Audit => who is AppRoles.Auditor or AppRoles.Administrator,
        Policies.Admin => who == AppRoles.Administrator,
        _ => false,
    };

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>The pattern with placeholders for its parameters (a guid, a number or a name as the constraint asks).</summary>
    private static string Path(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart l => l.Content,
            RoutePatternSeparatorPart sep => sep.Content,
            RoutePatternParameterPart { ParameterPolicies: var policies } when policies.Any(c => c.Content is "guid") => "00000000-0000-0000-0000-000000000001",
            RoutePatternParameterPart { ParameterPolicies: var policies } when policies.Any(c => c.Content is "long" or "int") => "1",
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            _ => "placeholder",
        })));
        return "/" + string.Join('/', segments);
    }
}

[Trait("Database", "Sqlite")]
public sealed class EndpointMatrixTestsOnSqlite(SqliteApiFixture app) : EndpointMatrixTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class EndpointMatrixTestsOnPostgres(PostgresApiFixture app) : EndpointMatrixTests(app), IClassFixture<PostgresApiFixture>;
