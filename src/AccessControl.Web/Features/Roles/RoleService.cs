using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Roles;

/// <summary>Roles: the five built-ins (read-only) and custom roles (create, replace, delete when unused).</summary>
public sealed partial class RoleService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock, AccessSnapshot snapshot)
{
    private const int MaxDescription = 1000;
    private const int GrantsNamed = 10;

    /// <summary>Built-in roles first, then custom roles, each by name without case.</summary>
    public async Task<Page<RoleDto>> ListAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Roles.AsNoTracking();
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.BuiltIn).ThenBy(r => r.NormalizedName).Skip(page.Offset).Take(page.Limit).ToListAsync(ct);
        return new(rows.Select(RoleDto.From).ToList(), total);
    }

    public async Task<RoleDto> GetAsync(string idOrName, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return RoleDto.From(await FindAsync(db.Roles.AsNoTracking(), idOrName, ct));
    }

    /// <summary>
    /// Creates a custom role with a generated id. Permissions must all be catalog ids (exact, lower case); duplicates are
    /// collapsed and the list is stored sorted. A name equal to another role's name, or to a built-in role's id, is a 409
    /// (either would make <c>/roles/{idOrName}</c> ambiguous).
    /// </summary>
    public async Task<RoleDto> CreateAsync(RoleRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create roles");
        var permissions = Validate(request);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "role.create";
        await EnsureNameFreeAsync(db, request.Name!, null, ct);
        var role = new Role
        {
            Id = Guid.NewGuid().ToString("N"), Name = request.Name!, NormalizedName = Names.Normalize(request.Name!),
            Description = string.IsNullOrEmpty(request.Description) ? null : request.Description, Permissions = permissions,
            CreatedAt = clock.UtcNowStored(),
        };
        db.Roles.Add(role);
        await db.SaveChangesAsync(ct);
        return RoleDto.From(role);
    }

    /// <summary>Replaces name, description and permissions of a custom role; grants using it change with it.</summary>
    public async Task<RoleDto> UpdateAsync(string idOrName, RoleRequest request, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("change roles");
        var permissions = Validate(request);
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "role.update";
        var role = await FindAsync(db.Roles, idOrName, ct);
        if (role.BuiltIn) throw new ConflictException($"'{role.Name}' is a built-in role: built-in roles cannot be edited. Create a custom role instead.");
        ETags.Check(ifMatch, role.Version, $"Role '{role.Name}'");
        if (Names.Normalize(request.Name!) != role.NormalizedName) await EnsureNameFreeAsync(db, request.Name!, role.Id, ct);
        role.Name = request.Name!;
        role.NormalizedName = Names.Normalize(request.Name!);
        role.Description = string.IsNullOrEmpty(request.Description) ? null : request.Description;
        if (!role.Permissions.SequenceEqual(permissions)) role.Permissions = permissions;
        await db.SaveChangesAsync(ct);
        return RoleDto.From(role);
    }

    /// <summary>
    /// Deletes a custom role. Refused (409) when grants use it (the detail names up to ten as "subject → resource" and
    /// counts them all) and when it is the default new-user role of the settings (new users would silently get no grant).
    /// </summary>
    public async Task DeleteAsync(string idOrName, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("delete roles");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "role.delete";
        var role = await FindAsync(db.Roles, idOrName, ct);
        if (role.BuiltIn) throw new ConflictException($"'{role.Name}' is a built-in role: built-in roles cannot be deleted.");
        ETags.Check(ifMatch, role.Version, $"Role '{role.Name}'");
        var roleId = role.Id;
        var (lines, count) = await GrantDtos.DescribeAsync(db, db.Grants.Where(g => g.RoleId == roleId), GrantsNamed, ct);
        if (count > 0)
            throw new ConflictException(
                $"The role '{role.Name}' is used by {count} grant(s): {string.Join("; ", lines)}{(count > lines.Count ? $"; and {count - lines.Count} more" : "")}. " +
                "Nothing was deleted: delete those grants or change them to another role first.");
        if (await db.Settings.AnyAsync(s => s.Key == SettingKeys.DefaultNewUserRole && s.Value == roleId, ct))
            throw new ConflictException(
                $"The role '{role.Name}' is the default new-user role. Nothing was deleted: choose another default in the settings first.");
        db.Roles.Remove(role);
        await db.SaveChangesAsync(ct);
    }

    internal static List<string> Validate(RoleRequest request)
    {
        var v = new Validator().Check("name", Names.ValidateRoleName(request.Name));
        if (request.Description is { Length: > MaxDescription }) v.Add("description", $"The description must be at most {MaxDescription} characters.");
        if (request.Permissions is null) v.Add("permissions", "The permissions field is required (an empty list is a role without permissions).");
        else
        {
            var unknown = request.Permissions.Where(p => p is null || !PermissionCatalog.Default.Contains(p)).Distinct().ToList();
            if (unknown.Count > 0)
                v.Add("permissions", $"Unknown permission id(s): {string.Join(", ", unknown.Select(u => $"'{u}'"))}. GET /api/v1/operations lists the catalog.");
        }
        v.ThrowIfInvalid();
        return request.Permissions!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task EnsureNameFreeAsync(AccessControlDbContext db, string name, string? exceptId, CancellationToken ct)
    {
        var normalized = Names.Normalize(name);
        var clash = await db.Roles.AsNoTracking().Where(r => r.NormalizedName == normalized && r.Id != exceptId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (clash is not null)
            throw new ConflictException($"A role named '{clash}' already exists (role names are compared without case). Choose another name.");
        if (BuiltInRoles.All.FirstOrDefault(b => b.Id.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } builtIn)
            throw new ConflictException($"'{name}' is the id of the built-in role '{builtIn.Name}' and cannot name another role. Choose another name.");
    }

    /// <summary>By id first, else by name without case.</summary>
    internal static async Task<Role> FindAsync(IQueryable<Role> roles, string idOrName, CancellationToken ct)
    {
        var normalized = Names.Normalize(idOrName);
        var found = await roles.Where(r => r.Id == idOrName || r.NormalizedName == normalized).ToListAsync(ct);
        return found.FirstOrDefault(r => r.Id == idOrName) ?? found.FirstOrDefault()
               ?? throw new NotFoundException($"There is no role with id or name '{idOrName}'.");
    }
}
