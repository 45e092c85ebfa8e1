using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class BuiltInsTests : DatabaseTest
{
    protected override bool SeedBuiltIns => false;

    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_built_ins_seed_what_the_domain_says()
    {
        await using (var db = NewContext())
        {
            Assert.True(await BuiltIns.EnsureAsync(db, default));
        }

        await using var check = NewContext();
        var roles = await check.Roles.AsNoTracking().ToListAsync();
        Assert.Equal(
            new[] { BuiltInRoles.FullControl, BuiltInRoles.None, BuiltInRoles.RestrictedControl, BuiltInRoles.Scheduler, BuiltInRoles.ViewOnly },
            roles.Select(r => r.Id).Order());
        Assert.All(roles, r => Assert.True(r.BuiltIn));
        foreach (var builtIn in BuiltInRoles.All)
        {
            var role = roles.Single(r => r.Id == builtIn.Id);
            Assert.Equal(builtIn.Name, role.Name);
            Assert.Equal(builtIn.Permissions.Order(StringComparer.Ordinal), role.Permissions);
        }
        Assert.Equal(PermissionCatalog.Default.Count, roles.Single(r => r.Id == BuiltInRoles.FullControl).Permissions.Count);

        var collections = await check.Collections.AsNoTracking().ToListAsync();
        Assert.Equal(BuiltInCollections.All.Select(c => (c.Id, c.ParentId, c.Name)).Order(),
            collections.Select(c => (c.Id, c.ParentId, c.Name)).Order());
        Assert.All(collections, c => Assert.True(c.BuiltIn));

        var settings = await check.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value);
        Assert.Equal("restrictedcontrol", settings[SettingKeys.DefaultNewUserRole]);
        Assert.Equal("docker-datacenter", settings[SettingKeys.DefaultOrganization]);

        var org = await check.Organizations.AsNoTracking().SingleAsync();
        Assert.Equal("docker-datacenter", org.Name);
        var grant = await check.Grants.AsNoTracking().SingleAsync();
        Assert.Equal((SubjectKind.Org, org.Id, BuiltInRoles.Scheduler, ResourceKind.Collection, BuiltInCollections.Shared),
            (grant.SubjectKind, grant.SubjectId, grant.RoleId, grant.ResourceKind, grant.CollectionId));

        Assert.Empty(await check.Users.ToListAsync());
        var audit = await check.AuditEntries.AsNoTracking().ToListAsync();
        Assert.All(audit, a => Assert.Equal(("system", "builtins.ensure"), (a.Actor, a.Action)));
        Assert.Equal(roles.Count + collections.Count + settings.Count + 2, audit.Count);
    }

    [Fact]
    public async Task Ensuring_built_ins_twice_changes_nothing_the_second_time()
    {
        await using (var db = NewContext()) Assert.True(await BuiltIns.EnsureAsync(db, default));
        int auditCount;
        await using (var db = NewContext()) auditCount = await db.AuditEntries.CountAsync();

        await using (var db = NewContext()) Assert.False(await BuiltIns.EnsureAsync(db, default));
        await using var check = NewContext();
        Assert.Equal(auditCount, await check.AuditEntries.CountAsync());
        Assert.Equal(5, await check.Roles.CountAsync());
        Assert.Equal(1, await check.Organizations.CountAsync());
    }

    [Fact]
    public async Task A_built_in_role_out_of_date_with_the_catalog_is_brought_up_to_date()
    {
        await using (var db = NewContext()) await BuiltIns.EnsureAsync(db, default);
        await using (var db = NewContext())
        {
            var scheduler = await db.Roles.SingleAsync(r => r.Id == BuiltInRoles.Scheduler);
            scheduler.Permissions = ["node.view"];
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext()) Assert.True(await BuiltIns.EnsureAsync(db, default));
        await using var check = NewContext();
        Assert.Equal(["node.schedule", "node.view"], (await check.Roles.SingleAsync(r => r.Id == BuiltInRoles.Scheduler)).Permissions);
    }

    [Fact]
    public async Task The_default_organizations_grant_removed_by_an_admin_stays_removed()
    {
        await using (var db = NewContext()) await BuiltIns.EnsureAsync(db, default);
        await using (var db = NewContext())
        {
            db.Grants.RemoveRange(db.Grants);
            await db.SaveChangesAsync();
        }

        await using (var db = NewContext()) Assert.False(await BuiltIns.EnsureAsync(db, default));
        await using var check = NewContext();
        Assert.Empty(await check.Grants.ToListAsync());
    }
}

[Trait("Database", "Sqlite")]
public sealed class BuiltInsTestsOnSqlite : BuiltInsTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class BuiltInsTestsOnPostgres : BuiltInsTests { protected override string Provider => "Postgres"; }
