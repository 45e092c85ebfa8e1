using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Provisioning;

/// <summary>Provisioning connections: create (with the token, shown once), list, status, rename/enable, rotate, revoke.</summary>
public sealed class ProvisioningService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock,
    ProvisioningTokenCache tokens, ProvisioningRequestLog requests)
{
    private const int ShownOwned = 100;

    public async Task<ConnectionWithTokenDto> CreateAsync(CreateConnectionRequest request, string scimBaseUrl, CancellationToken ct)
    {
        actor.EnsureAdministrator("create provisioning connections");
        new Validator().Check("name", Names.ValidateOrgOrTeam(request.Name, "connection name"))
            .Check("organization", Names.ValidateOrgOrTeam(request.Organization, "organization name")).ThrowIfInvalid();
        await using var db = await Open("provisioning.connection.create", ct);
        if (await db.ProvisioningConnections.AnyAsync(c => c.Name == request.Name, ct))
            throw new ConflictException($"A provisioning connection named '{request.Name}' already exists.");
        var now = clock.GetUtcNow().UtcDateTime;
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Name == request.Organization, ct);
        if (org is null) db.Organizations.Add(org = new Organization { Id = Guid.NewGuid(), Name = request.Organization!, CreatedAt = now });
        var token = ProvisioningTokens.New();
        var c = new ProvisioningConnection
        {
            Id = Guid.NewGuid(), Name = request.Name!, OrganizationId = org.Id, TokenHash = ProvisioningTokens.Hash(token),
            TokenPrefix = ProvisioningTokens.DisplayPrefix(token), CreatedAt = now, CreatedBy = actor.Name,
        };
        db.ProvisioningConnections.Add(c);
        await db.SaveChangesAsync(ct);
        return new ConnectionWithTokenDto(c.Id, c.Name, org.Name, token, c.TokenPrefix, c.Enabled, ETags.Format(c.Version), scimBaseUrl);
    }

    public async Task<Page<ConnectionDto>> ListAsync(PageRequest page, string scimBaseUrl, CancellationToken ct)
    {
        actor.EnsureAdministrator("see provisioning connections");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.ProvisioningConnections.AsNoTracking();
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(c => c.Name).Skip(page.Offset).Take(page.Limit)
            .Select(c => new { C = c, Org = db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).First() }).ToListAsync(ct);
        return new Page<ConnectionDto>(rows.Select(r => ConnectionDto.From(r.C, r.Org, scimBaseUrl)).ToList(), total);
    }

    /// <summary>The logged requests and errors (status 400 and above) of every connection that has any, for the list page.</summary>
    public async Task<Dictionary<Guid, RequestCountsDto>> CountsAsync(CancellationToken ct)
    {
        actor.EnsureAdministrator("see provisioning connections");
        await requests.FlushAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ProvisioningRequests.AsNoTracking().GroupBy(r => r.ConnectionId)
            .Select(g => new { Id = g.Key, Requests = g.Count(), Errors = g.Count(r => r.Status >= 400), Last = g.Max(r => r.At) })
            .ToDictionaryAsync(x => x.Id, x => new RequestCountsDto(x.Requests, x.Errors, x.Last), ct);
    }

    public async Task<ConnectionStatusDto> GetAsync(Guid id, string scimBaseUrl, CancellationToken ct)
    {
        actor.EnsureAdministrator("see provisioning connections");
        await requests.FlushAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await db.ProvisioningConnections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);
        var org = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        var log = db.ProvisioningRequests.AsNoTracking().Where(r => r.ConnectionId == id);
        var last = await log.OrderByDescending(r => r.Id).Take(50)
            .Select(r => new RequestLogDto(r.Method, r.Path, r.Status, r.At, r.DurationMs)).ToListAsync(ct);
        var users = db.Users.AsNoTracking().Where(u => u.ProvisionedBy == id);
        var teams = db.Teams.AsNoTracking().Where(t => t.ProvisionedBy == id);
        return new ConnectionStatusDto(ConnectionDto.From(c, org, scimBaseUrl), await log.CountAsync(ct), await log.CountAsync(r => r.Status >= 400, ct),
            last.FirstOrDefault()?.At, last,
            await users.CountAsync(ct), await users.OrderBy(u => u.NormalizedUserName).Take(ShownOwned).Select(u => new OwnedDto(u.Id, u.UserName)).ToListAsync(ct),
            await teams.CountAsync(ct), await teams.OrderBy(t => t.Name).Take(ShownOwned).Select(t => new OwnedDto(t.Id, t.Name)).ToListAsync(ct));
    }

    public async Task<ConnectionDto> UpdateAsync(Guid id, UpdateConnectionRequest request, Guid? ifMatch, string scimBaseUrl, CancellationToken ct)
    {
        actor.EnsureAdministrator("change provisioning connections");
        var v = new Validator();
        if (request.Name is not null) v.Check("name", Names.ValidateOrgOrTeam(request.Name, "connection name"));
        v.ThrowIfInvalid();
        await using var db = await Open("provisioning.connection.update", ct);
        var c = await LoadAsync(db, id, ifMatch, ct);
        if (request.Name is not null && request.Name != c.Name)
        {
            if (await db.ProvisioningConnections.AnyAsync(x => x.Name == request.Name, ct))
                throw new ConflictException($"A provisioning connection named '{request.Name}' already exists.");
            c.Name = request.Name;
        }
        if (request.Enabled is { } enabled)
        {
            if (enabled && c.RevokedAt is not null) throw new ConflictException("A revoked connection cannot be enabled again: create a new one.");
            c.Enabled = enabled;
        }
        await tokens.SaveChangesAsync(db, ct);
        var org = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return ConnectionDto.From(c, org, scimBaseUrl);
    }

    /// <summary>A new token; the old one stops working at once.</summary>
    public async Task<ConnectionWithTokenDto> RotateAsync(Guid id, Guid? ifMatch, string scimBaseUrl, CancellationToken ct)
    {
        actor.EnsureAdministrator("rotate provisioning tokens");
        await using var db = await Open("provisioning.connection.rotate", ct);
        var c = await LoadAsync(db, id, ifMatch, ct);
        if (c.RevokedAt is not null) throw new ConflictException("A revoked connection cannot get a new token: create a new one.");
        var token = ProvisioningTokens.New();
        c.TokenHash = ProvisioningTokens.Hash(token);
        c.TokenPrefix = ProvisioningTokens.DisplayPrefix(token);
        await tokens.SaveChangesAsync(db, ct);
        var org = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return new ConnectionWithTokenDto(c.Id, c.Name, org, token, c.TokenPrefix, c.Enabled, ETags.Format(c.Version), scimBaseUrl);
    }

    /// <summary>Revokes: the token stops working for good. The connection is kept, so users and teams still name their owner.</summary>
    public async Task RevokeAsync(Guid id, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("revoke provisioning connections");
        await using var db = await Open("provisioning.connection.revoke", ct);
        var c = await LoadAsync(db, id, ifMatch, ct);
        if (c.RevokedAt is not null) return;
        c.RevokedAt = clock.GetUtcNow().UtcDateTime;
        c.Enabled = false;
        await tokens.SaveChangesAsync(db, ct);
    }

    private static async Task<ProvisioningConnection> LoadAsync(AccessControlDbContext db, Guid id, Guid? ifMatch, CancellationToken ct)
    {
        var c = await db.ProvisioningConnections.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);
        ETags.Check(ifMatch, c.Version, $"Provisioning connection '{c.Name}'");
        return c;
    }

    private async Task<AccessControlDbContext> Open(string action, CancellationToken ct)
    {
        var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = action;
        return db;
    }

    private static NotFoundException NotFound(Guid id) => new($"There is no provisioning connection '{id}'.");
}
