using System.Security.Claims;
using AccessControl.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Auth;

/// <summary>Sign-in, sign-out, the development sign-in and "who am I". The pages they lead to are in Pages/.</summary>
public static class SignInEndpoints
{
    public const string SignInPath = "/signin";
    public const string SignOutPath = "/signout";
    public const string SignedOutPath = "/signed-out";
    public const string SignInErrorPath = "/signin-error";
    public const string AccessDeniedPath = "/access-denied";
    public const string DevSignInPath = "/dev-signin";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var idp = app.ServiceProvider.GetRequiredService<IdentityProvider>();
        app.MapGet(SignInPath, (HttpContext http, string? returnUrl) => SignInAsync(http, idp, returnUrl))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(SignOutPath, (Func<HttpContext, Task<IResult>>)(http => SignOutAsync(http, idp))).AllowAnonymous().ExcludeFromDescription();
        if (!idp.IsConfigured)
        {
            app.MapPost(DevSignInPath, ([FromForm] string userName, [FromForm] string? returnUrl, HttpContext http) =>
                DevSignInAsync(http, userName, returnUrl)).AllowAnonymous().ExcludeFromDescription();
        }
        app.MapGet("/api/v1/me", (ClaimsPrincipal user) => Me.Of(user))
            .RequireAuthorization(Policies.Read).WithTags("Auth").WithSummary("Who the caller is, and their app roles");
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IdentityProvider idp, string? returnUrl)
    {
        var target = LocalOr(returnUrl, "/");
        if (!idp.IsConfigured) return Results.Redirect($"{DevSignInPath}?returnUrl={Uri.EscapeDataString(target)}");
        try
        {
            await http.ChallengeAsync(PeopleSignIn.OidcScheme, new AuthenticationProperties { RedirectUri = target });
            return Results.Empty;
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            var unreachable = IsUnreachable(e);
            Log(http).LogWarning(e, unreachable ? "The identity provider could not be reached for sign-in." : "Sign-in could not start.");
            return Results.Redirect($"{SignInErrorPath}?reason={(unreachable ? "unreachable" : "failed")}");
        }
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IdentityProvider idp)
    {
        await http.SignOutAsync(AuthSchemes.Cookie);
        if (idp.IsConfigured && await HasEndSessionAsync(http))
        {
            await http.SignOutAsync(PeopleSignIn.OidcScheme, new AuthenticationProperties { RedirectUri = SignedOutPath });
            return Results.Empty;
        }
        return Results.Redirect(SignedOutPath);
    }

    /// <summary>Whether the provider offers an end-session endpoint (and can be reached); else sign-out stays local.</summary>
    private static async Task<bool> HasEndSessionAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(PeopleSignIn.OidcScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            Log(http).LogWarning(e, "The identity provider could not be reached for sign-out; the local session was ended.");
            return false;
        }
    }

    private static async Task<IResult> DevSignInAsync(HttpContext http, string userName, string? returnUrl)
    {
        var factory = http.RequestServices.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        await using var db = await factory.CreateDbContextAsync(http.RequestAborted);
        var normalized = userName.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, http.RequestAborted);
        if (user is null) return Results.Redirect($"{DevSignInPath}?unknown={Uri.EscapeDataString(userName)}");
        if (!user.Active) return Results.Redirect($"{AccessDeniedPath}?reason=inactive");
        var identity = new ClaimsIdentity(
            [
                new Claim("preferred_username", user.UserName),
                new Claim("name", user.DisplayName ?? user.UserName),
            ], "DevSignIn", "preferred_username", ClaimTypes.Role);
        await http.SignInAsync(AuthSchemes.Cookie, new ClaimsPrincipal(identity));
        return Results.Redirect(LocalOr(returnUrl, "/"));
    }

    /// <summary>Only local paths: an open redirect would let a link send a signed-in person anywhere.</summary>
    internal static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : fallback;

    /// <summary>The provider's metadata or endpoints could not be fetched (down, refused, DNS, timeout, TLS).</summary>
    public static bool IsUnreachable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException or IOException) return true;
            if (e.Message.Contains("IDX20803", StringComparison.Ordinal) || e.Message.Contains("IDX20804", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static ILogger Log(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AccessControl.SignIn");
}

/// <summary>The caller as the app sees them.</summary>
public sealed record Me(string? Actor, string? UserName, string? DisplayName, string[] AppRoles)
{
    public static Me Of(ClaimsPrincipal user) => new(
        user.FindFirstValue(AccessControlClaims.Actor),
        user.FindFirstValue(AccessControlClaims.UserName),
        user.FindFirstValue("name") ?? user.Identity?.Name,
        Auth.AppRoles.All.Where(user.IsInRole).ToArray());
}
