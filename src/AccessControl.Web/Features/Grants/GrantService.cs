using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Grants;

/// <summary>
/// Grants: list with filters, read, create (strict or idempotent), delete by id or by triple. Administrators change any
/// grant; a person holding grant.manage on a collection changes the grants on its subtree (<see cref="GrantDelegation"/>).
/// </summary>
public sealed partial class GrantService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock, AccessSnapshot snapshot)
{
    /// <summary>
    /// Filters are exact: <c>resource=collection:/prod</c> lists the grants on /prod itself, not on its children.
    /// A filter naming something that does not exist matches nothing (an empty page, not an error); a malformed one is a 400.
    /// Filtering and paging happen in the database. The order groups grants by resource set, then by subject, then role,
    /// using the stored keys (<c>ResourceKey</c>, <c>SubjectKey</c>): stable across pages, but not alphabetical by path or name.
    /// </summary>
    public Task<Page<GrantDto>> ListAsync(string? subject, string? role, string? resource, PageRequest page, CancellationToken ct) =>
        PageAsync(subject, role, resource, page,
            (_, q, _) => q.OrderBy(g => g.ResourceKey).ThenBy(g => g.SubjectKey).ThenBy(g => g.RoleId).Skip(page.Offset).Take(page.Limit).ToListAsync(ct), ct);

    /// <summary>The console's grid: the same exact filters, sorted by a column (names, not keys), paged in the database.</summary>
    public Task<Page<GrantDto>> GridAsync(GrantGridQuery query, CancellationToken ct)
    {
        var page = PageRequest.From(query.Offset, query.Limit);
        return PageAsync(query.Subject, query.Role, query.Resource, page,
            (db, q, total) => GrantGrid.PageAsync(db, q, query.Sort, query.Descending, page.Offset, page.Limit, total, ct), ct);
    }

    /// <summary>The <c>sort</c> of <c>GET /grants</c>: subject, role, resource, createdAt or createdBy (any case).</summary>
    public static GrantSort ParseSort(string text) =>
        Enum.TryParse<GrantSort>(text, ignoreCase: true, out var sort) && !int.TryParse(text, out _) ? sort
        : throw new ValidationException("sort", $"'{text}' is not a sort column; use subject, role, resource, createdAt or createdBy.");

    private async Task<Page<GrantDto>> PageAsync(string? subject, string? role, string? resource, PageRequest page,
        Func<AccessControlDbContext, IQueryable<Grant>, int, Task<List<Grant>>> read, CancellationToken ct)
    {
        var v = new Validator();
        SubjectRef sr = default;
        ResourceRef rr = default;
        if (subject is not null && !SubjectRef.TryParse(subject, out sr)) v.Add("subject", GrantReferences.SubjectFormat(subject));
        if (resource is not null && !ResourceRef.TryParse(resource, out rr)) v.Add("resource", GrantReferences.ResourceFormat(resource));
        v.ThrowIfInvalid();

        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Grants.AsNoTracking();
        if (subject is not null)
        {
            if (await GrantReferences.FindSubjectAsync(db, sr, ct) is not { } s) return new([], 0);
            var key = s.Key;
            q = q.Where(g => g.SubjectKey == key);
        }
        if (!string.IsNullOrWhiteSpace(role))
        {
            if (await GrantReferences.FindRoleAsync(db, role, ct) is not { } r) return new([], 0);
            var roleId = r.Id;
            q = q.Where(g => g.RoleId == roleId);
        }
        if (resource is not null)
        {
            if (await GrantReferences.FindResourceAsync(db, rr, ct) is not { } re) return new([], 0);
            var key = re.Key;
            q = q.Where(g => g.ResourceKey == key);
        }
        var total = await q.CountAsync(ct);
        var rows = await read(db, q, total);
        return new(await GrantDtos.FromAsync(db, rows, ct), total);
    }

    public async Task<GrantDto> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var grant = await db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw NotFound(id);
        return (await GrantDtos.FromAsync(db, [grant], ct))[0];
    }

    /// <summary>Creates the grant; 409 when the same triple exists. With <paramref name="idempotent"/> (PUT) an existing
    /// triple is answered as it is (Created=false), also when a concurrent request created it a moment before.</summary>
    public async Task<(GrantDto Grant, bool Created)> CreateAsync(GrantRequest request, bool idempotent, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "grant.create";
        var (s, r, re) = await GrantReferences.ResolveAsync(db, request.Subject, request.Role, request.Resource, ct);
        // Before looking for the triple, so a refused caller is refused whether or not the grant exists.
        await GrantDelegation.EnsureCanCreateAsync(db, actor, snapshot.Current, r, re, ct);
        var existing = await FindTripleAsync(db, s, r, re, ct);
        if (existing is not null)
        {
            if (!idempotent)
                throw new ConflictException(
                    $"{s.Reference} already has role '{r.Name}' on {re.Reference} (grant {existing.Id}). Nothing was changed; use PUT /grants to make sure a grant exists.");
            return ((await GrantDtos.FromAsync(db, [existing], ct))[0], false);
        }
        var grant = GrantRows.New(s.Kind, s.Id, r.Id, re.Kind, re.CollectionId, re.NamespaceId, db.Actor, clock.UtcNowStored());
        db.Grants.Add(grant);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (idempotent && Constraints.IsUniqueViolation(e))
        {
            await using var again = await dbs.CreateDbContextAsync(ct);
            var raced = await FindTripleAsync(again, s, r, re, ct);
            if (raced is null) throw;
            return ((await GrantDtos.FromAsync(again, [raced], ct))[0], false);
        }
        return (new GrantDto(grant.Id, s.Reference, r.Id, r.Name, re.Reference, grant.CreatedBy, grant.CreatedAt), true);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "grant.delete";
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, ct) ?? throw NotFound(id);
        if (!actor.IsAdministrator)
        {
            var dto = (await GrantDtos.FromAsync(db, [grant], ct))[0];
            GrantDelegation.EnsureCanDelete(actor, snapshot.Current, new ResolvedResource(grant.ResourceKind, grant.CollectionId, grant.NamespaceId, dto.Resource));
        }
        db.Grants.Remove(grant);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes the grant of one triple. Unknown or malformed references are a 400 (as for POST); a known triple
    /// without a grant is a 404.</summary>
    public async Task DeleteAsync(GrantRequest triple, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "grant.delete";
        var (s, r, re) = await GrantReferences.ResolveAsync(db, triple.Subject, triple.Role, triple.Resource, ct);
        var sk = s.Key;
        var rk = re.Key;
        GrantDelegation.EnsureCanDelete(actor, snapshot.Current, re);
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.SubjectKey == sk && g.RoleId == r.Id && g.ResourceKey == rk, ct)
                    ?? throw new NotFoundException($"{s.Reference} has no grant of role '{r.Name}' on {re.Reference}.");
        db.Grants.Remove(grant);
        await db.SaveChangesAsync(ct);
    }

    private static Task<Grant?> FindTripleAsync(AccessControlDbContext db, ResolvedSubject s, ResolvedRole r, ResolvedResource re, CancellationToken ct)
    {
        var sk = s.Key;
        var rk = re.Key;
        return db.Grants.AsNoTracking().FirstOrDefaultAsync(g => g.SubjectKey == sk && g.RoleId == r.Id && g.ResourceKey == rk, ct);
    }

    private static NotFoundException NotFound(Guid id) => new($"There is no grant with id '{id}'.");
}
