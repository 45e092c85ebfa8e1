using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Namespaces;

/// <summary>A Kubernetes namespace as a resource set. Immutable (no rename), hence no ETag.</summary>
public sealed record NamespaceDto(Guid Id, string Name, DateTime CreatedAt)
{
    public static NamespaceDto From(Namespace n) => new(n.Id, n.Name, n.CreatedAt);
}

public sealed record CreateNamespaceRequest(string? Name);

/// <summary>Kubernetes namespaces: list, read, create, delete (with their grants when asked to cascade).</summary>
public sealed class NamespaceService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    /// <summary>By name (ordinal; names are lower case).</summary>
    public async Task<Page<NamespaceDto>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var total = await db.Namespaces.CountAsync(ct);
        var rows = await db.Namespaces.AsNoTracking().OrderBy(n => n.Name).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new(rows.Select(NamespaceDto.From).ToList(), total);
    }

    public async Task<NamespaceDto> GetAsync(string name, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return NamespaceDto.From(await FindAsync(db.Namespaces.AsNoTracking(), name, ct));
    }

    public async Task<NamespaceDto> CreateAsync(CreateNamespaceRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create namespaces");
        var v = new Validator();
        if (request.Name == "*")
            v.Add("name", "'*' is not a namespace: namespace:* already means all namespaces and the cluster scope.");
        else v.Check("name", Names.ValidateNamespace(request.Name));
        v.ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "namespace.create";
        if (await db.Namespaces.AnyAsync(n => n.Name == request.Name, ct))
            throw new ConflictException($"The namespace '{request.Name}' already exists.");
        var ns = new Namespace { Id = Guid.NewGuid(), Name = request.Name!, CreatedAt = clock.UtcNowStored() };
        db.Namespaces.Add(ns);
        await db.SaveChangesAsync(ct);
        return NamespaceDto.From(ns);
    }

    /// <summary>
    /// Without <paramref name="cascade"/> a namespace that grants use is refused (409, naming up to ten and counting them);
    /// with it, those grants go too, each audited. Grants on <c>namespace:*</c> are not affected. Service accounts in a
    /// namespace of that name are kept: they name a Kubernetes namespace, not this entity.
    /// </summary>
    public async Task DeleteAsync(string name, bool cascade, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete namespaces");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "namespace.delete";
        var ns = await FindAsync(db.Namespaces, name, ct);
        var nsId = ns.Id;
        var grants = db.Grants.Where(g => g.NamespaceId == nsId);
        if (!cascade)
        {
            var (lines, count) = await GrantDtos.DescribeAsync(db, grants, 10, ct);
            if (count > 0)
                throw new ConflictException(
                    $"The namespace '{ns.Name}' is used by {count} grant(s): {string.Join("; ", lines)}{(count > lines.Count ? $"; and {count - lines.Count} more" : "")}. " +
                    "Nothing was deleted: delete those grants first, or pass cascade=true to delete them with the namespace.");
        }
        else db.Grants.RemoveRange(await grants.ToListAsync(ct));
        db.Namespaces.Remove(ns);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Namespace> FindAsync(IQueryable<Namespace> namespaces, string name, CancellationToken ct)
    {
        var lower = name.ToLowerInvariant();
        return await namespaces.FirstOrDefaultAsync(n => n.Name == lower, ct) ?? throw new NotFoundException($"There is no namespace '{name}'.");
    }
}
