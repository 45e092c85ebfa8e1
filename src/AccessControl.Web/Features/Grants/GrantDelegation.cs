using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Grants;

/// <summary>
/// Who may create or delete a grant: Administrators anywhere; a signed-in person (<see cref="DelegatedCaller"/>) only where <see cref="Delegation"/>
/// allows (grant.manage on the collection, and for a creation every permission of the role there). The person's
/// holdings come from the current snapshot (the last commit); the role's permissions from the database, as saved now.
/// </summary>
internal static class GrantDelegation
{
    public static async Task EnsureCanCreateAsync(AccessControlDbContext db, CurrentActor actor, AccessEngine engine,
        ResolvedRole role, ResolvedResource resource, CancellationToken ct)
    {
        if (DelegatedCaller.PersonOrAdministrator(actor, "create grants") is not { } userName) return;
        var permissions = await db.Roles.AsNoTracking().Where(r => r.Id == role.Id).Select(r => r.Permissions).FirstAsync(ct);
        Throw(Delegation.CanCreateGrant(engine, userName, new RoleInfo(role.Id, role.Name, [.. permissions]), ResourceRef.Parse(resource.Reference)));
    }

    public static void EnsureCanDelete(CurrentActor actor, AccessEngine engine, ResolvedResource resource)
    {
        if (DelegatedCaller.PersonOrAdministrator(actor, "delete grants") is not { } userName) return;
        Throw(Delegation.CanDeleteGrant(engine, userName, ResourceRef.Parse(resource.Reference)));
    }

    private static void Throw(DelegationDecision decision)
    {
        if (!decision.Allowed) throw new ForbiddenException(decision.Reason!);
    }
}
