using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using AccessControl.Testing;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class DeleteBehaviourTests : DatabaseTest
{
    [Fact]
    public async Task Deleting_a_user_removes_its_memberships_and_grants_and_audits_each()
    {
        var (alice, bob) = (TestData.User("alice"), TestData.User("bob"));
        var org = TestData.Org("engineering");
        var team = TestData.Team(org.Id, "backend");
        await AddAsync(alice, bob, org, team,
            new OrgMember { OrgId = org.Id, UserId = alice.Id }, new OrgMember { OrgId = org.Id, UserId = bob.Id },
            new TeamMember { TeamId = team.Id, UserId = alice.Id },
            TestData.GrantOnCollection(SubjectKind.User, alice.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared),
            TestData.GrantOnCollection(SubjectKind.User, bob.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared));

        await using (var db = NewContext())
        {
            db.Action = "user.delete";
            db.Users.Remove(await db.Users.SingleAsync(u => u.UserName == "alice"));
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        Assert.Equal([bob.Id], await check.OrgMembers.Select(m => m.UserId).ToListAsync());
        Assert.Empty(await check.TeamMembers.ToListAsync());
        Assert.Equal([bob.Id], await check.Grants.Where(g => g.UserId != null).Select(g => g.UserId!.Value).ToListAsync());
        var deleted = await check.AuditEntries.Where(a => a.Action == "user.delete").Select(a => a.EntityType).ToListAsync();
        Assert.Equal(["Grant", "OrgMember", "TeamMember", "User"], deleted.Order());
    }

    [Fact]
    public async Task Deleting_an_org_removes_its_teams_their_members_and_all_their_grants()
    {
        var alice = TestData.User("alice");
        var org = TestData.Org("engineering");
        var team = TestData.Team(org.Id, "backend");
        await AddAsync(alice, org, team, new OrgMember { OrgId = org.Id, UserId = alice.Id },
            new TeamMember { TeamId = team.Id, UserId = alice.Id },
            TestData.GrantOnCollection(SubjectKind.Team, team.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared),
            TestData.GrantOnCollection(SubjectKind.Org, org.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared));

        await using (var db = NewContext())
        {
            db.Organizations.Remove(await db.Organizations.SingleAsync(o => o.Name == "engineering"));
            await db.SaveChangesAsync();
        }

        await using var check = NewContext();
        Assert.Empty(await check.Teams.ToListAsync());
        Assert.Empty(await check.TeamMembers.ToListAsync());
        Assert.False(await check.OrgMembers.AnyAsync(m => m.OrgId == org.Id));
        Assert.False(await check.Grants.AnyAsync(g => g.TeamId == team.Id || g.OrgId == org.Id));
        Assert.Equal(1, await check.Users.CountAsync());
    }

    [Fact]
    public async Task Deleting_a_service_account_removes_its_grants()
    {
        var bot = TestData.ServiceAccount("payments", "ci-bot");
        var ns = TestData.Namespace("payments");
        await AddAsync(bot, ns, TestData.GrantOnNamespace(SubjectKind.ServiceAccount, bot.Id, BuiltInRoles.ViewOnly, ns.Id));
        await using (var db = NewContext())
        {
            db.ServiceAccounts.Remove(await db.ServiceAccounts.SingleAsync());
            await db.SaveChangesAsync();
        }
        await using var check = NewContext();
        Assert.False(await check.Grants.AnyAsync(g => g.ServiceAccountId == bot.Id));
    }

    [Fact]
    public async Task Deleting_a_role_in_use_fails()
    {
        var alice = TestData.User("alice");
        var role = TestData.Role("Deployer", "service.create");
        await AddAsync(alice, role, TestData.GrantOnCollection(SubjectKind.User, alice.Id, role.Id, BuiltInCollections.Shared));

        await using var db = NewContext();
        db.Roles.Remove(await db.Roles.SingleAsync(r => r.Id == role.Id));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Deleting_an_unused_role_succeeds()
    {
        var role = TestData.Role("Deployer", "service.create");
        await AddAsync(role);
        await using var db = NewContext();
        db.Roles.Remove(await db.Roles.SingleAsync(r => r.Id == role.Id));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Deleting_a_collection_with_grants_fails()
    {
        var alice = TestData.User("alice");
        var prod = TestData.Collection(BuiltInCollections.Root, "prod");
        await AddAsync(alice, prod, TestData.GrantOnCollection(SubjectKind.User, alice.Id, BuiltInRoles.ViewOnly, prod.Id));

        await using var db = NewContext();
        db.Collections.Remove(await db.Collections.SingleAsync(c => c.Id == prod.Id));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Deleting_a_collection_with_children_fails()
    {
        var prod = TestData.Collection(BuiltInCollections.Root, "prod");
        await AddAsync(prod, TestData.Collection(prod.Id, "api"));

        await using var db = NewContext();
        db.Collections.Remove(await db.Collections.SingleAsync(c => c.Id == prod.Id));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Deleting_a_namespace_with_grants_fails()
    {
        var alice = TestData.User("alice");
        var ns = TestData.Namespace("payments");
        await AddAsync(alice, ns, TestData.GrantOnNamespace(SubjectKind.User, alice.Id, BuiltInRoles.ViewOnly, ns.Id));

        await using var db = NewContext();
        db.Namespaces.Remove(await db.Namespaces.SingleAsync());
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}

[Trait("Database", "Sqlite")]
public sealed class DeleteBehaviourTestsOnSqlite : DeleteBehaviourTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class DeleteBehaviourTestsOnPostgres : DeleteBehaviourTests { protected override string Provider => "Postgres"; }
