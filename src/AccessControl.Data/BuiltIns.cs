using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// The rows domain.md says always exist: built-in roles and collections, the default settings, the default
/// organization with its Scheduler grant on /Shared. Run at start-up after migrating; idempotent.
/// </summary>
public static class BuiltIns
{
    public const string Actor = "system";
    public const string Action = "builtins.ensure";

    /// <summary>Adds what is missing and brings built-in roles up to date with the catalog; true when anything changed.</summary>
    public static async Task<bool> EnsureAsync(AccessControlDbContext db, CancellationToken ct = default)
    {
        var (actor, action) = (db.Actor, db.Action);
        db.Actor = Actor;
        db.Action = Action;
        try
        {
            await EnsureRolesAsync(db, ct);
            await EnsureCollectionsAsync(db, ct);
            var defaultOrg = await EnsureSettingsAsync(db, ct);
            await EnsureDefaultOrganizationAsync(db, defaultOrg, ct);
            // One save, one transaction: EF inserts the role and collection before the grant that references them.
            return await db.SaveChangesAsync(ct) > 0;
        }
        finally
        {
            (db.Actor, db.Action) = (actor, action);
        }
    }

    private static async Task EnsureRolesAsync(AccessControlDbContext db, CancellationToken ct)
    {
        var existing = await db.Roles.Where(r => r.BuiltIn).ToDictionaryAsync(r => r.Id, ct);
        foreach (var builtIn in BuiltInRoles.All)
        {
            var permissions = builtIn.Permissions.Order(StringComparer.Ordinal).ToList();
            if (!existing.TryGetValue(builtIn.Id, out var role))
            {
                db.Roles.Add(new Role
                {
                    Id = builtIn.Id, Name = builtIn.Name, NormalizedName = Names.Normalize(builtIn.Name),
                    Description = builtIn.Description, BuiltIn = true, Permissions = permissions,
                });
                continue;
            }
            if (role.Name != builtIn.Name) (role.Name, role.NormalizedName) = (builtIn.Name, Names.Normalize(builtIn.Name));
            if (role.Description != builtIn.Description) role.Description = builtIn.Description;
            if (!role.Permissions.SequenceEqual(permissions)) role.Permissions = permissions;
        }
    }

    private static async Task EnsureCollectionsAsync(AccessControlDbContext db, CancellationToken ct)
    {
        var ids = BuiltInCollections.All.Select(c => c.Id).ToList();
        var existing = await db.Collections.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        foreach (var c in BuiltInCollections.All.Where(c => !existing.Contains(c.Id)))
            db.Collections.Add(new Collection
            {
                Id = c.Id, ParentId = c.ParentId, Name = c.Name, NormalizedName = Names.Normalize(c.Name), BuiltIn = true,
            });
    }

    /// <summary>Adds missing default settings; returns the default organization's name.</summary>
    private static async Task<string> EnsureSettingsAsync(AccessControlDbContext db, CancellationToken ct)
    {
        var settings = await db.Settings.ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        if (!settings.ContainsKey(SettingKeys.DefaultNewUserRole))
            db.Settings.Add(new Setting { Key = SettingKeys.DefaultNewUserRole, Value = SettingKeys.DefaultNewUserRoleValue });
        if (settings.TryGetValue(SettingKeys.DefaultOrganization, out var org)) return org;
        db.Settings.Add(new Setting { Key = SettingKeys.DefaultOrganization, Value = SettingKeys.DefaultOrganizationValue });
        return SettingKeys.DefaultOrganizationValue;
    }

    private static async Task EnsureDefaultOrganizationAsync(AccessControlDbContext db, string name, CancellationToken ct)
    {
        if (await db.Organizations.AnyAsync(o => o.Name == name, ct)) return;
        var org = new Organization { Id = Guid.NewGuid(), Name = name };
        db.Organizations.Add(org);
        // Every user joins the default organization, so this grant lets everyone run workloads on shared nodes.
        db.Grants.Add(new Grant
        {
            Id = Guid.NewGuid(),
            SubjectKind = SubjectKind.Org, OrgId = org.Id, SubjectKey = Grant.MakeSubjectKey(SubjectKind.Org, org.Id),
            RoleId = BuiltInRoles.Scheduler,
            ResourceKind = ResourceKind.Collection, CollectionId = BuiltInCollections.Shared,
            ResourceKey = Grant.MakeResourceKey(ResourceKind.Collection, BuiltInCollections.Shared, null),
            CreatedBy = Actor,
        });
    }
}
