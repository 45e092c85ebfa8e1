using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Runs after Microsoft.Identity.Web has configured (registered after it, before the framework's post-configuration builds the metadata manager) the JWT bearer scheme for the provider's access tokens. For a
/// provider other than Entra ID: the configured authority, the metadata's issuer, and the audience
/// <c>AzureAd:Audience</c> (else the client id). People whose account is inactive are refused.
/// </summary>
internal sealed class JwtOptionsSetup(IdentityProvider idp) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(JwtBearerOptions o) { }

    public void Configure(string? name, JwtBearerOptions o)
    {
        if (name != AuthSchemes.Jwt) return;
        o.MapInboundClaims = false;
        if (idp.IsGeneric)
        {
            var authority = idp.Authority!;
            o.Authority = authority;
            o.RequireHttpsMetadata = authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            o.MetadataAddress = authority + "/.well-known/openid-configuration";
            o.TokenValidationParameters.IssuerValidator = null; // the handler then accepts the metadata's issuer only
            o.TokenValidationParameters.ValidateIssuer = true;
            o.TokenValidationParameters.AudienceValidator = null;
            o.TokenValidationParameters.ValidateAudience = true;
            o.TokenValidationParameters.ValidAudience = null;
            o.TokenValidationParameters.ValidAudiences = [idp.ApiAudience!];
        }

        o.Events ??= new JwtBearerEvents();
        var tokenValidated = o.Events.OnTokenValidated;
        o.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            if (context.Result is not null) return;
            // A person whose account is inactive is refused (401); a token without a user name (an application) goes on
            // to the claims transformation, which gives it no app role (403).
            var access = await context.HttpContext.RequestServices.GetRequiredService<PersonAccess>()
                .ResolveAsync(context.Principal!, context.HttpContext.RequestAborted);
            if (access is { Allowed: false, UserName: not null }) context.Fail(access.Refusal!);
        };
    }
}
