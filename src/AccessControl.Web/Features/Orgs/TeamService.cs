using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Orgs;

/// <summary>Teams of an organization: unique name within the org, lower-case name rule. Changes are for Administrators
/// and the org's admins (<see cref="OrgDelegation"/>).</summary>
public sealed class TeamService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    public async Task<Page<TeamDto>> ListAsync(string org, PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orgId = await OrgIdAsync(db, org, ct);
        var q = db.Teams.AsNoTracking().Where(t => t.OrgId == orgId);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(t => t.Name).Skip(page.Offset).Take(page.Limit)
            .Select(t => new { Team = t, Members = t.Members.Count }).ToListAsync(ct);
        return new Page<TeamDto>(rows.Select(r => TeamDto.From(r.Team, org, r.Members)).ToList(), total);
    }

    public async Task<TeamDto> GetAsync(string org, string team, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var orgId = await OrgIdAsync(db, org, ct);
        var row = await db.Teams.AsNoTracking().Where(t => t.OrgId == orgId && t.Name == team)
                      .Select(t => new { Team = t, Members = t.Members.Count }).FirstOrDefaultAsync(ct)
                  ?? throw NotFound(org, team);
        return TeamDto.From(row.Team, org, row.Members);
    }

    public async Task<TeamDto> CreateAsync(string org, CreateTeamRequest request, CancellationToken ct)
    {
        new Validator().Check("name", Names.ValidateOrgOrTeam(request.Name, "team name")).ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "team.create";
        var orgId = await OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        if (await db.Teams.AnyAsync(t => t.OrgId == orgId && t.Name == request.Name, ct))
            throw new ConflictException($"Organization '{org}' already has a team named '{request.Name}'.");
        var team = new Team
        {
            Id = Guid.NewGuid(), OrgId = orgId, Name = request.Name!, DisplayName = string.IsNullOrEmpty(request.DisplayName) ? null : request.DisplayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return TeamDto.From(team, org, 0);
    }

    public async Task<TeamDto> UpdateAsync(string org, string name, UpdateTeamRequest request, Guid? ifMatch, CancellationToken ct)
    {
        var v = new Validator();
        if (request.Name is not null) v.Check("name", Names.ValidateOrgOrTeam(request.Name, "team name"));
        v.ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "team.update";
        var orgId = await OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.OrgId == orgId && t.Name == name, ct) ?? throw NotFound(org, name);
        ETags.Check(ifMatch, team.Version, $"Team '{org}/{name}'");
        if (request.Name is not null && request.Name != team.Name)
        {
            if (await db.Teams.AnyAsync(t => t.OrgId == orgId && t.Name == request.Name, ct))
                throw new ConflictException($"Organization '{org}' already has a team named '{request.Name}'.");
            team.Name = request.Name;
        }
        if (request.DisplayName is not null) team.DisplayName = request.DisplayName.Length == 0 ? null : request.DisplayName;
        await db.SaveChangesAsync(ct);
        return await GetAsync(org, team.Name, ct);
    }

    /// <summary>Deletes the team with its memberships and the grants to it.</summary>
    public async Task DeleteAsync(string org, string name, Guid? ifMatch, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "team.delete";
        var orgId = await OrgIdAsync(db, org, ct);
        await OrgDelegation.EnsureCanManageAsync(db, actor, orgId, org, ct);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.OrgId == orgId && t.Name == name, ct) ?? throw NotFound(org, name);
        ETags.Check(ifMatch, team.Version, $"Team '{org}/{name}'");
        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
    }

    internal static async Task<Guid> OrgIdAsync(AccessControlDbContext db, string org, CancellationToken ct) =>
        await db.Organizations.Where(o => o.Name == org).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct) ?? throw OrgService.NotFound(org);

    internal static NotFoundException NotFound(string org, string team) => new($"Organization '{org}' has no team '{team}'.");
}
