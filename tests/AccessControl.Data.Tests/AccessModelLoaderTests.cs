using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using AccessControl.Testing;

namespace AccessControl.Data.Tests;

public abstract class AccessModelLoaderTests : DatabaseTest
{
    [Fact]
    public async Task The_loader_returns_every_table_as_the_engine_model()
    {
        var alice = TestData.User("alice");
        alice.IsAdmin = true;
        var bob = TestData.User("bob");
        bob.Active = false;
        var org = TestData.Org("engineering");
        var team = TestData.Team(org.Id, "backend");
        var bot = TestData.ServiceAccount("payments", "ci-bot");
        var ns = TestData.Namespace("payments");
        var role = TestData.Role("Deployer", "service.view", "service.create");
        var prod = TestData.Collection(BuiltInCollections.Root, "prod");
        var teamGrant = TestData.GrantOnCollection(SubjectKind.Team, team.Id, role.Id, prod.Id);
        var botGrant = TestData.GrantOnNamespace(SubjectKind.ServiceAccount, bot.Id, BuiltInRoles.ViewOnly, ns.Id);
        var clusterGrant = TestData.Grant(SubjectKind.User, bob.Id, BuiltInRoles.ViewOnly, ResourceKind.AllNamespaces, null, null);
        await AddAsync(alice, bob, org, team, bot, ns, role, prod,
            new OrgMember { OrgId = org.Id, UserId = alice.Id, IsAdmin = true },
            new TeamMember { TeamId = team.Id, UserId = alice.Id },
            teamGrant, botGrant, clusterGrant);

        await using var db = NewContext();
        var model = await AccessModelLoader.LoadAsync(db, default);

        Assert.Equal([new UserInfo(alice.Id, "alice", true, true), new UserInfo(bob.Id, "bob", false, false)], model.Users.OrderBy(u => u.UserName));
        Assert.Contains(new OrgInfo(org.Id, "engineering"), model.Orgs);
        Assert.Equal(2, model.Orgs.Length); // with the default organization
        Assert.Equal([new TeamInfo(team.Id, org.Id, "backend")], model.Teams.ToArray());
        Assert.Equal([new OrgMemberInfo(org.Id, alice.Id, true)], model.OrgMembers.ToArray());
        Assert.Equal([new TeamMemberInfo(team.Id, alice.Id, false)], model.TeamMembers.ToArray());
        Assert.Equal([new ServiceAccountInfo(bot.Id, "payments", "ci-bot")], model.ServiceAccounts.ToArray());
        Assert.Equal([new NamespaceInfo(ns.Id, "payments")], model.Namespaces.ToArray());
        Assert.Equal(6, model.Roles.Length);
        Assert.Equal(["service.view", "service.create"], model.Roles.Single(r => r.Id == role.Id).Permissions.ToArray());
        Assert.Equal(BuiltInCollections.All.Length + 1, model.Collections.Length);
        Assert.Contains(new CollectionInfo(prod.Id, BuiltInCollections.Root, "prod"), model.Collections);

        Assert.Equal(4, model.Grants.Length); // with the default organization's Scheduler grant
        Assert.Contains(new GrantInfo(teamGrant.Id, SubjectKind.Team, team.Id, role.Id, ResourceKind.Collection, prod.Id, null), model.Grants);
        Assert.Contains(new GrantInfo(botGrant.Id, SubjectKind.ServiceAccount, bot.Id, BuiltInRoles.ViewOnly, ResourceKind.Namespace, null, ns.Id), model.Grants);
        Assert.Contains(new GrantInfo(clusterGrant.Id, SubjectKind.User, bob.Id, BuiltInRoles.ViewOnly, ResourceKind.AllNamespaces, null, null), model.Grants);

        // The engine's index accepts it: every reference resolves.
        var index = new ModelIndex(model);
        Assert.Equal("/prod", index.PathOf(prod.Id));
        Assert.Equal("team:engineering/backend", index.SubjectRefOf(SubjectKind.Team, team.Id));
    }

    [Fact]
    public async Task The_loader_tracks_nothing()
    {
        await using var db = NewContext();
        await AccessModelLoader.LoadAsync(db, default);
        Assert.Empty(db.ChangeTracker.Entries());
    }
}

[Trait("Database", "Sqlite")]
public sealed class AccessModelLoaderTestsOnSqlite : AccessModelLoaderTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class AccessModelLoaderTestsOnPostgres : AccessModelLoaderTests { protected override string Provider => "Postgres"; }
