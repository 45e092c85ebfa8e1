using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Orgs;

/// <summary>Organizations. The default organization (a setting) cannot be deleted; renaming it updates the setting.</summary>
public sealed class OrgService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    public async Task<Page<OrgDto>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Organizations.AsNoTracking();
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(o => o.Name).Skip(page.Offset).Take(page.Limit)
            .Select(o => new { Org = o, Members = o.Members.Count, Teams = o.Teams.Count }).ToListAsync(ct);
        return new Page<OrgDto>(rows.Select(r => OrgDto.From(r.Org, r.Members, r.Teams)).ToList(), total);
    }

    public async Task<OrgDto> GetAsync(string name, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.Organizations.AsNoTracking().Where(o => o.Name == name)
                      .Select(o => new { Org = o, Members = o.Members.Count, Teams = o.Teams.Count }).FirstOrDefaultAsync(ct)
                  ?? throw NotFound(name);
        return OrgDto.From(row.Org, row.Members, row.Teams);
    }

    public async Task<OrgDto> CreateAsync(CreateOrgRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create organizations");
        new Validator().Check("name", Names.ValidateOrgOrTeam(request.Name, "organization name")).ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "org.create";
        if (await db.Organizations.AnyAsync(o => o.Name == request.Name, ct))
            throw new ConflictException($"An organization named '{request.Name}' already exists.");
        var org = new Organization { Id = Guid.NewGuid(), Name = request.Name!, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Organizations.Add(org);
        await db.SaveChangesAsync(ct);
        return OrgDto.From(org, 0, 0);
    }

    public async Task<OrgDto> RenameAsync(string name, RenameOrgRequest request, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("rename organizations");
        new Validator().Check("name", Names.ValidateOrgOrTeam(request.Name, "organization name")).ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "org.rename";
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Name == name, ct) ?? throw NotFound(name);
        ETags.Check(ifMatch, org.Version, $"Organization '{name}'");
        if (request.Name != org.Name)
        {
            if (await db.Organizations.AnyAsync(o => o.Name == request.Name, ct))
                throw new ConflictException($"An organization named '{request.Name}' already exists.");
            var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == SettingKeys.DefaultOrganization && s.Value == org.Name, ct);
            if (setting is not null) setting.Value = request.Name!;
            org.Name = request.Name!;
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(org.Name, ct);
    }

    /// <summary>Deletes the organization with its teams, memberships and the grants to it and to its teams.</summary>
    public async Task DeleteAsync(string name, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete organizations");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "org.delete";
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Name == name, ct) ?? throw NotFound(name);
        ETags.Check(ifMatch, org.Version, $"Organization '{name}'");
        if (await db.Settings.AnyAsync(s => s.Key == SettingKeys.DefaultOrganization && s.Value == org.Name, ct))
            throw new ConflictException($"'{name}' is the default organization, which every new user joins: choose another default organization in the settings first.");
        db.Organizations.Remove(org);
        await db.SaveChangesAsync(ct);
    }

    internal static NotFoundException NotFound(string org) => new($"There is no organization '{org}'.");
}
