using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Orgs;

/// <summary>
/// Who may manage an organization's teams and members: Administrators, and the org's own admins (an active user whose
/// membership carries the org admin flag, read from the database now). Only Administrators decide who administers an
/// org: an org admin can neither set nor clear an org admin flag, nor remove an org admin from the org, so org admins
/// cannot appoint each other or push each other out. Team admin flags confer no rights here (they are kept for UCP
/// compatibility): a team admin managing members would also add people to the org, which is the org admin's call.
/// </summary>
internal static class OrgDelegation
{
    public static async Task EnsureCanManageAsync(AccessControlDbContext db, CurrentActor actor, Guid orgId, string org, CancellationToken ct)
    {
        if (DelegatedCaller.PersonOrAdministrator(actor, $"manage the teams and members of organization '{org}'") is not { } userName) return;
        var normalized = Names.Normalize(userName);
        var admin = await db.OrgMembers.AsNoTracking()
            .Where(m => m.OrgId == orgId && m.User!.NormalizedUserName == normalized)
            .Select(m => new { m.IsAdmin, m.User!.Active }).FirstOrDefaultAsync(ct);
        if (admin is { IsAdmin: true, Active: true }) return;
        throw new ForbiddenException(admin is { IsAdmin: true }
            ? $"You are an admin of organization '{org}' but your user is inactive: an inactive user administers nothing."
            : $"Only Administrators and admins of organization '{org}' may manage its teams and members; you ({userName}) are not an admin of '{org}'.");
    }

    public static void EnsureCanChangeOrgAdmins(CurrentActor actor, string org, string what)
    {
        if (!actor.IsAdministrator)
            throw new ForbiddenException(
                $"Only Administrators may {what}: as an org admin you manage the teams and members of '{org}', but not who administers it. Nothing was changed.");
    }
}
