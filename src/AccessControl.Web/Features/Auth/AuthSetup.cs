using AccessControl.Web.Features.AppRoleAssignments;
using AccessControl.Web.Features.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Authentication and authorization: one default scheme (<see cref="AuthSchemes.Smart"/>) that picks the real one by
/// request, the four policies of <see cref="Policies"/>, and a fallback policy that denies anonymous callers
/// everywhere an endpoint forgot to name one.
/// </summary>
public static class AuthSetup
{
    public static void AddAccessControlAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Smart;
                o.DefaultChallengeScheme = AuthSchemes.Smart;
            })
            .AddPolicyScheme(AuthSchemes.Smart, "Cookie, identity-provider bearer token or API token",
                o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(AuthSchemes.ApiToken, null);
        PeopleSignIn.Add(builder, authentication);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Read, p => p.RequireRole(AppRoles.Viewer, AppRoles.Auditor, AppRoles.Administrator))
            .AddPolicy(Policies.Audit, p => p.RequireRole(AppRoles.Auditor, AppRoles.Administrator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(AppRoles.Administrator))
            .AddPolicy(Policies.Delegated, p => p.RequireRole(AppRoles.All));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuthProblems>();
        services.AddScoped<PersonAccess>();
        services.AddScoped<IClaimsTransformation, AppRoleClaimsTransformation>();
        services.AddScoped<TokenService>();
        services.AddScoped<AppRoleService>();
    }

    /// <summary>API tokens by their prefix, other bearer tokens to the identity provider's JWT scheme, else the cookie.</summary>
    private static string SelectScheme(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthSchemes.Cookie;
        if (header.AsSpan("Bearer ".Length).TrimStart().StartsWith(TokenService.TokenPrefix, StringComparison.Ordinal)) return AuthSchemes.ApiToken;
        // Without an identity provider there is no JWT scheme: the token handler refuses the token with a reason.
        var schemes = http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        return schemes.GetSchemeAsync(AuthSchemes.Jwt).GetAwaiter().GetResult() is null ? AuthSchemes.ApiToken : AuthSchemes.Jwt;
    }

    public static void UseAccessControlAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder api)
    {
        api.MapTokens();
        api.MapAppRoles();
        return api;
    }

    /// <summary>Paths answered with problem details (never redirects to a sign-in page).</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/scim");
}
