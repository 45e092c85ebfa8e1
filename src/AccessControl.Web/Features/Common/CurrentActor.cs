using System.Security.Claims;
using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Features.Common;

/// <summary>
/// Who is calling: the name the audit log records (<c>user:alice</c> for a signed-in person, <c>token:ci</c> for an API
/// token, <c>system</c> outside a request), the person's user in the model, and the caller's app roles.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    private string? overridden;

    private ClaimsPrincipal? User => http.HttpContext?.User is { Identity.IsAuthenticated: true } u ? u : null;

    public string Name => overridden
        ?? User?.FindFirstValue(AccessControlClaims.Actor)
        ?? User?.Identity?.Name
        ?? (http.HttpContext is null ? "system" : "api");

    /// <summary>The userName in the model of the signed-in person; null for tokens and anonymous callers.</summary>
    public string? UserName => User?.FindFirstValue(AccessControlClaims.UserName);

    public bool IsInRole(string appRole) => User?.IsInRole(appRole) ?? overridden is not null;

    /// <summary>Administrators may change everything; others only what delegation allows them.</summary>
    public bool IsAdministrator => IsInRole(AppRoles.Administrator);

    /// <summary>For work outside a request (start-up, seeding, commands): acts as a system Administrator.</summary>
    public void Set(string name) => overridden = name;
}
