using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// How people sign in: the cookie scheme holding the session, OpenID Connect through Microsoft.Identity.Web when the
/// <c>AzureAd</c> section names a provider (else the development sign-in), and the JWT bearer scheme for the provider's
/// access tokens. Called by AuthSetup; the routes and pages are mapped by <see cref="MapPeopleSignIn"/>.
/// </summary>
public static class PeopleSignIn
{
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static void Add(WebApplicationBuilder builder, AuthenticationBuilder auth)
    {
        var idp = IdentityProvider.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(idp);
        var section = builder.Configuration.GetSection(IdentityProvider.Section);
        var sessionHours = builder.Configuration.GetValue("Auth:SessionHours", 8.0);
        var devLike = IdentityProvider.IsDevelopmentLike(builder.Environment);

        void Cookie(CookieAuthenticationOptions o)
        {
            o.Cookie.Name = "__accesscontrol";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = devLike ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            // A fixed session: after Auth:SessionHours the person signs in again, however active they were.
            o.ExpireTimeSpan = TimeSpan.FromHours(sessionHours);
            o.SlidingExpiration = false;
            o.LoginPath = SignInEndpoints.SignInPath;
            o.LogoutPath = SignInEndpoints.SignOutPath;
            o.AccessDeniedPath = SignInEndpoints.AccessDeniedPath;
            o.ReturnUrlParameter = "returnUrl";
            o.Events = new CookieEvents();
        }

        if (idp.IsConfigured)
        {
            auth.AddMicrosoftIdentityWebApp(section, OidcScheme, AuthSchemes.Cookie);
            builder.Services.Configure<CookieAuthenticationOptions>(AuthSchemes.Cookie, Cookie);
            auth.AddMicrosoftIdentityWebApi(
                jwt => { },
                ms =>
                {
                    section.Bind(ms);
                    // A token without app roles is authenticated and then refused by policy (403), not rejected (401).
                    ms.AllowWebApiToBeAuthorizedByACL = true;
                },
                AuthSchemes.Jwt);
            builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<OpenIdConnectOptions>, OidcOptionsSetup>();
            builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<JwtBearerOptions>, JwtOptionsSetup>();
        }
        else
        {
            // No provider, so no JWT bearer scheme: the default scheme sends every bearer token to the API-token handler.
            auth.AddCookie(AuthSchemes.Cookie, Cookie);
        }
    }

    public static IEndpointRouteBuilder MapPeopleSignIn(this IEndpointRouteBuilder app) => SignInEndpoints.Map(app);
}
