using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AccessControl.Web.Features.Auth;

/// <summary>Pages redirect to sign-in or access-denied; the API answers 401 or 403 (as problem details), never a redirect.</summary>
internal sealed class CookieEvents : CookieAuthenticationEvents
{
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/scim");

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        StatusOrRedirect(context, StatusCodes.Status401Unauthorized, base.RedirectToLogin);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        StatusOrRedirect(context, StatusCodes.Status403Forbidden, base.RedirectToAccessDenied);

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status,
        Func<RedirectContext<CookieAuthenticationOptions>, Task> redirect)
    {
        if (!IsApi(context.Request)) return redirect(context);
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
