using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Runs after Microsoft.Identity.Web has configured (registered after it, before the framework's post-configuration builds the metadata manager) the OpenID Connect scheme. For a provider other than Entra ID it
/// restores the configured authority (Microsoft.Identity.Web appends /v2.0) and validates the issuer the OpenID Connect
/// way, against the metadata's <c>issuer</c>, instead of Entra's tenant-issuer rules. Adds the app's sign-in events.
/// </summary>
internal sealed class OidcOptionsSetup(IdentityProvider idp) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public void Configure(OpenIdConnectOptions o) { }

    public void Configure(string? name, OpenIdConnectOptions o)
    {
        if (name != PeopleSignIn.OidcScheme) return;
        o.MapInboundClaims = false;
        // The code comes back in the query (a top-level GET), so the correlation and nonce cookies can be SameSite=Lax:
        // no SameSite=None cookie, which browsers drop on plain-http loopback and which cross-site requests could carry.
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.UsePkce = true;
        foreach (var scope in new[] { "openid", "profile", "email" }) if (!o.Scope.Contains(scope)) o.Scope.Add(scope);
        if (idp.IsGeneric) UseGenericProvider(o, idp.Authority!);
        AddEvents(o.Events);
    }

    internal static void UseGenericProvider(OpenIdConnectOptions o, string authority)
    {
        o.Authority = authority;
        o.RequireHttpsMetadata = authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        o.MetadataAddress = authority + "/.well-known/openid-configuration";
        o.TokenValidationParameters.IssuerValidator = null; // the handler then accepts the metadata's issuer only
        o.TokenValidationParameters.ValidateIssuer = true;
    }

    private void AddEvents(OpenIdConnectEvents events)
    {
        var tokenValidated = events.OnTokenValidated;
        events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            if (context.Result is not null) return;
            // The same resolution the claims transformation makes: an inactive account, or no user name, ends sign-in here.
            var access = await context.HttpContext.RequestServices.GetRequiredService<PersonAccess>()
                .ResolveAsync(context.Principal!, context.HttpContext.RequestAborted);
            if (!access.Allowed)
            {
                context.HandleResponse();
                context.Response.Redirect($"{SignInEndpoints.AccessDeniedPath}?reason={(access.UserName is null ? "nousername" : "inactive")}");
            }
        };

        var remoteFailure = events.OnRemoteFailure;
        events.OnRemoteFailure = async context =>
        {
            await remoteFailure(context);
            if (context.Result is not null) return;
            context.HandleResponse();
            var reason = SignInEndpoints.IsUnreachable(context.Failure) ? "unreachable" : "failed";
            context.Response.Redirect($"{SignInEndpoints.SignInErrorPath}?reason={reason}");
        };

        var accessDenied = events.OnAccessDenied;
        events.OnAccessDenied = async context =>
        {
            await accessDenied(context);
            if (context.Result is not null) return;
            context.HandleResponse();
            context.Response.Redirect($"{SignInEndpoints.SignInErrorPath}?reason=denied");
        };

        var signOut = events.OnRedirectToIdentityProviderForSignOut;
        events.OnRedirectToIdentityProviderForSignOut = async context =>
        {
            // Providers accept post_logout_redirect_uri with the client id when no id_token_hint is kept.
            context.ProtocolMessage.ClientId ??= context.Options.ClientId;
            await signOut(context);
        };
    }
}
