using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Features.Common;

/// <summary>
/// Who may attempt a delegated change at all (the endpoints' policy lets any app role through): Administrators, who
/// pass everywhere, and signed-in people of the model with the Viewer app role, whose delegation the feature then checks.
/// API tokens have no model user, so no delegation. A caller whose only app role is Auditor changes nothing, even as an
/// org admin or a holder of grant.manage: the Auditor role is the read-only one, so auditing stays separate from administering.
/// </summary>
public static class DelegatedCaller
{
    /// <summary>Null for an Administrator; else the person's userName, or a 403 that says why the caller cannot be a delegated admin.</summary>
    public static string? PersonOrAdministrator(CurrentActor actor, string what)
    {
        if (actor.IsAdministrator) return null;
        if (actor.UserName is not { } userName)
            throw new ForbiddenException(
                $"Only Administrators and delegated admins may {what}; {actor.Name} is not a signed-in person (an API token acts only through its app role, and it is not Administrator).");
        if (!actor.IsInRole(AppRoles.Viewer))
            throw new ForbiddenException(
                $"You may not {what}: your app role is read-only (Auditor). Delegated administration needs the Viewer or Administrator app role.");
        return userName;
    }
}
