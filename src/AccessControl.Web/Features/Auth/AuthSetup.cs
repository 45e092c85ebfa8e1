using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// STAND-IN for the auth engineer's AuthSetup (issue 3), so the oidc branch runs alone: the forwarding default scheme,
/// the four policies, a minimal claims transformation and a temporary API rule (AppSetup then calls MapPeopleSignIn). On merge, auth's file replaces this one.
/// </summary>
public static class AuthSetup
{
    public static void AddAccessControlAuth(this WebApplicationBuilder builder)
    {
        var auth = builder.Services.AddAuthentication(AuthSchemes.Smart)
            .AddPolicyScheme(AuthSchemes.Smart, AuthSchemes.Smart, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && http.RequestServices.GetRequiredService<IdentityProvider>().IsConfigured
                    ? AuthSchemes.Jwt
                    : AuthSchemes.Cookie);
        PeopleSignIn.Add(builder, auth);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, p => p.RequireRole(AppRoles.Viewer, AppRoles.Auditor, AppRoles.Administrator))
            .AddPolicy(Policies.Audit, p => p.RequireRole(AppRoles.Auditor, AppRoles.Administrator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(AppRoles.Administrator))
            .AddPolicy(Policies.Delegated, p => p.RequireRole(AppRoles.All));
        builder.Services.AddScoped<IClaimsTransformation, AppRoleClaimsTransformation>();
        builder.Services.AddCascadingAuthenticationState();
    }

    public static void UseAccessControlAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // Temporary API rule until auth's policies are on every endpoint: a caller who presents credentials needs an
        // app role to read and Administrator to change; callers without credentials pass (the existing tests).
        app.Use(async (http, next) =>
        {
            var presented = http.Request.Headers.ContainsKey(HeaderNames.Authorization) || http.User.Identity?.IsAuthenticated == true;
            if (CookieEvents.IsApi(http.Request) && presented)
            {
                if (http.User.Identity?.IsAuthenticated != true) { await Results.Problem(statusCode: 401, detail: "The credentials were not accepted.").ExecuteAsync(http); return; }
                var allowed = HttpMethods.IsGet(http.Request.Method)
                    ? AppRoles.All.Any(http.User.IsInRole)
                    : http.User.IsInRole(AppRoles.Administrator);
                if (!allowed) { await Results.Problem(statusCode: 403, detail: "Your app role does not allow this.").ExecuteAsync(http); return; }
            }
            await next(http);
        });
    }
}
