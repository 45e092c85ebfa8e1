using System.Security.Claims;
using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Features.Common;

/// <summary>
/// Who is calling: the name the audit log records (<c>user:alice</c> for a signed-in person, <c>token:ci</c> for an API
/// token, <c>system</c> outside a request), the person's user in the model, and the caller's app roles.
/// In a Blazor circuit there is no request: <see cref="CircuitActor"/> hands over the circuit's signed-in person.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    private string? overridden;
    private ClaimsPrincipal? circuitUser;

    private ClaimsPrincipal? User =>
        circuitUser is { Identity.IsAuthenticated: true } c ? c
        : http.HttpContext?.User is { Identity.IsAuthenticated: true } u ? u
        : null;

    public string Name => overridden
        ?? User?.FindFirstValue(AccessControlClaims.Actor)
        ?? User?.Identity?.Name
        ?? (http.HttpContext is null && circuitUser is null ? "system" : "api");

    /// <summary>The userName in the model of the signed-in person; null for tokens and anonymous callers.</summary>
    public string? UserName => User?.FindFirstValue(AccessControlClaims.UserName);

    public bool IsInRole(string appRole) => User?.IsInRole(appRole) ?? overridden is not null;

    /// <summary>Administrators may change everything; others only what delegation allows them.</summary>
    public bool IsAdministrator => IsInRole(AppRoles.Administrator);

    /// <summary>
    /// The services' own check for changes only Administrators may make. The endpoints' policies already refuse others;
    /// this makes pages, which call the services directly, refuse the same (the server refuses what the UI hides).
    /// </summary>
    public void EnsureAdministrator(string what)
    {
        if (!IsAdministrator)
            throw new ForbiddenException($"Only Administrators may {what}; {Name} is not an Administrator.");
    }

    /// <summary>For work outside a request (start-up, seeding, commands): acts as a system Administrator.</summary>
    public void Set(string name) => overridden = name;

    /// <summary>The signed-in person of a Blazor circuit (set by <see cref="CircuitActor"/>).</summary>
    public void SetCircuitUser(ClaimsPrincipal user) => circuitUser = user;
}
