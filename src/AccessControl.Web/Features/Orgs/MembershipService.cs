using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Orgs;

/// <summary>
/// Org and team memberships with their admin flags. A team member is always a member of the team's org: adding to a
/// team adds to the org, removing from the org removes from its teams (domain.md). Changes are for Administrators and
/// the org's admins, within the limits of <see cref="OrgDelegation"/>.
/// </summary>
public sealed class MembershipService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor)
{
    public async Task<Page<MemberDto>> ListOrgMembersAsync(string org, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        var q = db.OrgMembers.AsNoTracking().Where(m => m.OrgId == orgId);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(m => m.User!.NormalizedUserName).Skip(page.Offset).Take(page.Limit)
            .Select(m => new MemberDto(m.User!.UserName, m.IsAdmin, m.User.Active)).ToListAsync(ct);
        return new Page<MemberDto>(items, total);
    }

    public async Task<MemberDto> GetOrgMemberAsync(string org, string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var m = await db.OrgMembers.AsNoTracking().FirstOrDefaultAsync(m => m.OrgId == orgId && m.UserId == user.Id, ct)
                ?? throw new NotFoundException($"'{user.UserName}' is not a member of organization '{org}'.");
        return new MemberDto(user.UserName, m.IsAdmin, user.Active);
    }

    /// <summary>Adds the user to the org, or sets its admin flag; returns whether the membership was created.</summary>
    public async Task<(MemberDto Member, bool Created)> PutOrgMemberAsync(string org, string userName, MembershipRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "org.member.put";
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var m = await db.OrgMembers.FirstOrDefaultAsync(m => m.OrgId == orgId && m.UserId == user.Id, ct);
        var created = m is null;
        if (request.IsAdmin is { } wanted && wanted != (m?.IsAdmin ?? false))
            OrgDelegation.EnsureCanChangeOrgAdmins(actor, org, wanted ? $"make '{user.UserName}' an admin of '{org}'" : $"take the org admin flag of '{user.UserName}' in '{org}'");
        if (m is null) db.OrgMembers.Add(m = new OrgMember { OrgId = orgId, UserId = user.Id, IsAdmin = request.IsAdmin ?? false });
        else if (request.IsAdmin is { } admin) m.IsAdmin = admin;
        await db.SaveChangesAsync(ct);
        return (new MemberDto(user.UserName, m.IsAdmin, user.Active), created);
    }

    /// <summary>Removes the user from the org and from every team of the org.</summary>
    public async Task RemoveOrgMemberAsync(string org, string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "org.member.remove";
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var m = await db.OrgMembers.FirstOrDefaultAsync(m => m.OrgId == orgId && m.UserId == user.Id, ct)
                ?? throw new NotFoundException($"'{user.UserName}' is not a member of organization '{org}'.");
        if (m.IsAdmin) OrgDelegation.EnsureCanChangeOrgAdmins(actor, org, $"remove '{user.UserName}', an admin of '{org}', from it");
        db.OrgMembers.Remove(m);
        db.TeamMembers.RemoveRange(await db.TeamMembers.Where(t => t.UserId == user.Id && db.Teams.Any(x => x.Id == t.TeamId && x.OrgId == orgId)).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<MemberDto>> ListTeamMembersAsync(string org, string team, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var teamId = await TeamIdAsync(db, org, team, ct);
        var q = db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(m => m.User!.NormalizedUserName).Skip(page.Offset).Take(page.Limit)
            .Select(m => new MemberDto(m.User!.UserName, m.IsAdmin, m.User.Active)).ToListAsync(ct);
        return new Page<MemberDto>(items, total);
    }

    public async Task<MemberDto> GetTeamMemberAsync(string org, string team, string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var teamId = await TeamIdAsync(db, org, team, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var m = await db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == user.Id, ct)
                ?? throw new NotFoundException($"'{user.UserName}' is not a member of team '{org}/{team}'.");
        return new MemberDto(user.UserName, m.IsAdmin, user.Active);
    }

    /// <summary>Adds the user to the team (and to its org when not yet a member), or sets its team admin flag.</summary>
    public async Task<(MemberDto Member, bool Created)> PutTeamMemberAsync(string org, string team, string userName, MembershipRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "team.member.put";
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        var teamId = await TeamIdAsync(db, org, team, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        if (!await db.OrgMembers.AnyAsync(m => m.OrgId == orgId && m.UserId == user.Id, ct))
            db.OrgMembers.Add(new OrgMember { OrgId = orgId, UserId = user.Id });
        var m = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == user.Id, ct);
        var created = m is null;
        if (m is null) db.TeamMembers.Add(m = new TeamMember { TeamId = teamId, UserId = user.Id, IsAdmin = request.IsAdmin ?? false });
        else if (request.IsAdmin is { } admin) m.IsAdmin = admin;
        await db.SaveChangesAsync(ct);
        return (new MemberDto(user.UserName, m.IsAdmin, user.Active), created);
    }

    /// <summary>Removes the user from the team; the org membership stays.</summary>
    public async Task RemoveTeamMemberAsync(string org, string team, string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "team.member.remove";
        await OrgDelegation.EnsureCanManageAsync(db, actor, await TeamService.OrgIdAsync(db, org, ct), org, ct);
        var teamId = await TeamIdAsync(db, org, team, ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var m = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == user.Id, ct)
                ?? throw new NotFoundException($"'{user.UserName}' is not a member of team '{org}/{team}'.");
        db.TeamMembers.Remove(m);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The orgs and teams a user belongs to, with the admin flags, sorted by name.</summary>
    public async Task<UserMembershipsDto> ListUserMembershipsAsync(string userName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var user = await UserService.FindAsync(db.Users.AsNoTracking(), userName, ct);
        var orgs = await (from m in db.OrgMembers.AsNoTracking()
                          join o in db.Organizations on m.OrgId equals o.Id
                          where m.UserId == user.Id
                          orderby o.Name
                          select new OrgMembershipDto(o.Name, m.IsAdmin)).ToListAsync(ct);
        var teams = await (from m in db.TeamMembers.AsNoTracking()
                           join t in db.Teams on m.TeamId equals t.Id
                           where m.UserId == user.Id
                           orderby t.Org!.Name, t.Name
                           select new TeamMembershipDto(t.Org!.Name, t.Name, m.IsAdmin)).ToListAsync(ct);
        return new UserMembershipsDto(user.UserName, orgs, teams);
    }

    /// <summary>Whether the caller may manage the org's teams and members (Administrators and the org's active admins):
    /// the console shows those actions only then; the changes themselves check again.</summary>
    public async Task<bool> CanManageAsync(string org, CancellationToken ct)
    {
        if (actor.IsAdministrator) return true;
        await using var db = await dbs.CreateDbContextAsync(ct);
        try
        {
            await OrgDelegation.EnsureCanManageAsync(db, actor, await TeamService.OrgIdAsync(db, org, ct), org, ct);
            return true;
        }
        catch (ForbiddenException) { return false; }
    }

    private static async Task<Guid> TeamIdAsync(AccessControlDbContext db, string org, string team, CancellationToken ct)
    {
        var orgId = await TeamService.OrgIdAsync(db, org, ct);
        return await db.Teams.Where(t => t.OrgId == orgId && t.Name == team).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct)
               ?? throw TeamService.NotFound(org, team);
    }
}
