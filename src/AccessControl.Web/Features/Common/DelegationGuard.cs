namespace AccessControl.Web.Features.Common;

/// <summary>
/// Placeholder for delegated administration: until a service knows the caller's delegations, only Administrators may
/// make the changes its Delegated endpoints accept (the delegation part of issue 3 replaces this with real reach checks).
/// </summary>
public static class DelegationGuard
{
    public static void RequireAdministrator(this CurrentActor actor, string what)
    {
        if (!actor.IsAdministrator)
            throw new ForbiddenException($"Only an Administrator may {what}; you have no delegation that covers it.");
    }
}
