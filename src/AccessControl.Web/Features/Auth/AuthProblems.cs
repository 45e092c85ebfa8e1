using AccessControl.Web.Features.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// On /api and /scim, a refused request is an RFC 9457 problem that says what to do: 401 (no or bad credentials) or
/// 403 (the app role that is needed and the ones the caller has). Pages keep the schemes' own challenge (sign-in).
/// </summary>
public sealed class AuthProblems(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!AuthSetup.IsApiPath(http.Request.Path) || result.Succeeded)
        {
            await fallback.HandleAsync(next, http, policy, result);
            return;
        }
        ProblemDetails problem;
        if (result.Challenged)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
            problem = new ProblemDetails { Status = 401, Title = "Unauthorized", Detail = await ChallengeDetailAsync(http) };
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            problem = new ProblemDetails { Status = 403, Title = "Forbidden", Detail = ForbidDetail(http, policy) };
        }
        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static async Task<string> ChallengeDetailAsync(HttpContext http)
    {
        // The handlers cache their result per request, so this does not look the token up again.
        var failure = (await http.AuthenticateAsync()).Failure;
        return failure switch
        {
            ApiTokenRejectedException rejected => rejected.Message,
            not null => "The bearer token was not accepted (expired, wrong audience or issuer, or a bad signature). Get a new token from the identity provider.",
            _ => "Sign in, or send Authorization: Bearer <token> with an API token (act_...) or an access token from the identity provider.",
        };
    }

    private static string ForbidDetail(HttpContext http, AuthorizationPolicy policy)
    {
        var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var held = AppRoles.All.Where(http.User.IsInRole).ToList();
        var have = held.Count == 0 ? "you have no app role" : $"you have {string.Join(", ", held)}";
        return needed.Count switch
        {
            0 => $"You may not do this; {have}.",
            1 => $"This needs the {needed[0]} app role; {have}.",
            _ => $"This needs one of the app roles {string.Join(", ", needed)}; {have}.",
        };
    }
}
