using Microsoft.AspNetCore.Authentication;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Sign-in for people (owned by the oidc part of issue 3; this is the stub that lets the auth part run alone):
/// the cookie scheme only, no identity provider, no sign-in routes.
/// </summary>
public static class PeopleSignIn
{
    public static void Add(WebApplicationBuilder builder, AuthenticationBuilder authentication) =>
        authentication.AddCookie(AuthSchemes.Cookie);

    public static IEndpointRouteBuilder MapPeopleSignIn(this IEndpointRouteBuilder app) => app;
}
