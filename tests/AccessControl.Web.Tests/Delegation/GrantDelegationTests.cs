using AccessControl.Core.Catalog;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.Roles;
using AccessControl.Web.Features.Users;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Delegation;

/// <summary>A person holding grant.manage on a collection creates and deletes grants below it, never escalating.</summary>
public abstract class GrantDelegationTests(ApiFixture app)
{
    private readonly Actors actors = new(app);
    private static readonly CurrentActor Admin = Actors.Administrator;
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The Swarm half of View Only: what the manager's role holds besides grant.manage.</summary>
    private static readonly string[] SwarmViewOnly =
        [.. BuiltInRoles.All.First(r => r.Id == "viewonly").Permissions.Where(p => PermissionCatalog.Default.Get(p).Kind == PermissionKind.Swarm)];

    private async Task<string> NewUser()
    {
        var name = ApiFixture.Unique("u");
        await actors.Users(Admin).CreateAsync(new CreateUserRequest(name), None);
        return name;
    }

    /// <summary>/p and /p/api, and a manager holding grant.manage plus Swarm View Only on /p (through a team).</summary>
    private async Task<(string Path, string Manager)> Setup()
    {
        var path = "/" + ApiFixture.Unique("p");
        await actors.Collections(Admin).CreateAsync(new CreateCollectionRequest(path), None);
        await actors.Collections(Admin).CreateAsync(new CreateCollectionRequest(path + "/api"), None);
        var role = await actors.Roles(Admin).CreateAsync(new RoleRequest(ApiFixture.Unique("manager"), null, [Core.Engine.Delegation.GrantManage, .. SwarmViewOnly]), None);
        var manager = await NewUser();
        var org = ApiFixture.Unique("org");
        await actors.Orgs(Admin).CreateAsync(new(org), None);
        await actors.Teams(Admin).CreateAsync(org, new("leads"), None);
        await actors.Members(Admin).PutTeamMemberAsync(org, "leads", manager, new(), None);
        await actors.Grants(Admin).CreateAsync(new GrantRequest($"team:{org}/leads", role.Id, $"collection:{path}"), false, None);
        return (path, manager);
    }

    [Fact]
    public async Task Manager_grants_a_role_within_their_permissions_below_their_collection_and_deletes_it()
    {
        var (path, manager) = await Setup();
        var me = Actors.Person(manager, AppRoles.Viewer);
        var bob = await NewUser();

        // View Only also holds Kubernetes permissions, which a grant on a collection never gives: they are not asked about.
        var (grant, created) = await actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", "viewonly", $"collection:{path}/api"), false, None);
        Assert.True(created);
        Assert.Equal($"user:{manager}", grant.CreatedBy);
        var (again, createdAgain) = await actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", "View Only", $"collection:{path}/api"), true, None);
        Assert.False(createdAgain);
        Assert.Equal(grant.Id, again.Id);
        var custom = await actors.Roles(Admin).CreateAsync(new RoleRequest(ApiFixture.Unique("logs"), null, ["container.logs", "container.view"]), None);
        await actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", custom.Id, $"collection:{path}"), false, None);
        Assert.Equal(3, await actors.CountGrantsAsync($"user:{bob}")); // with the private collection's grant

        await actors.Grants(me).DeleteAsync(grant.Id, None);
        await actors.Grants(me).DeleteAsync(new GrantRequest($"user:{bob}", custom.Id, $"collection:{path}"), None);
        Assert.Equal(1, await actors.CountGrantsAsync($"user:{bob}"));
    }

    [Fact]
    public async Task Manager_is_refused_a_role_with_permissions_they_lack_and_told_which()
    {
        var (path, manager) = await Setup();
        var bob = await NewUser();

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() =>
            actors.Grants(Actors.Person(manager, AppRoles.Viewer)).CreateAsync(new GrantRequest($"user:{bob}", "fullcontrol", $"collection:{path}/api"), false, None));
        Assert.StartsWith($"You hold grant.manage on collection:{path} but not these permissions of role 'Full Control' on collection:{path}/api: ", refused.Message);
        Assert.Contains("container.exec", refused.Message);
        Assert.Contains("container.create:privileged", refused.Message);
        Assert.DoesNotContain("container.view,", refused.Message);
        Assert.DoesNotContain("kubernetes.", refused.Message);
        Assert.Equal(1, await actors.CountGrantsAsync($"user:{bob}"));

        // Deleting needs only grant.manage: an Administrator's Full Control grant below /p may be removed.
        var (full, _) = await actors.Grants(Admin).CreateAsync(new GrantRequest($"user:{bob}", "fullcontrol", $"collection:{path}/api"), false, None);
        await actors.Grants(Actors.Person(manager, AppRoles.Viewer)).DeleteAsync(full.Id, None);
    }

    [Fact]
    public async Task Manager_is_refused_outside_their_subtree_and_on_namespaces()
    {
        var (path, manager) = await Setup();
        var me = Actors.Person(manager, AppRoles.Viewer);
        var bob = await NewUser();

        var outside = await Assert.ThrowsAsync<ForbiddenException>(() =>
            actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", "viewonly", "collection:/Shared"), false, None));
        Assert.Contains("you do not hold grant.manage on it or on any collection above it", outside.Message);
        var ns = await Assert.ThrowsAsync<ForbiddenException>(() =>
            actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", "none", "namespace:*"), false, None));
        Assert.Contains("Only Administrators may create grants on namespaces", ns.Message);

        var (shared, _) = await actors.Grants(Admin).CreateAsync(new GrantRequest($"user:{bob}", "viewonly", "collection:/Shared"), false, None);
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(me).DeleteAsync(shared.Id, None));
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(me).DeleteAsync(new GrantRequest($"user:{bob}", "viewonly", "collection:/Shared"), None));
        // Above their collection is outside too.
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            actors.Grants(me).CreateAsync(new GrantRequest($"user:{bob}", "none", "collection:/"), false, None));
        Assert.Equal(2, await actors.CountGrantsAsync($"user:{bob}"));
    }

    [Fact]
    public async Task Viewer_without_delegation_and_tokens_are_refused_Administrators_pass()
    {
        var (path, manager) = await Setup();
        var viewer = await NewUser();
        var bob = await NewUser();
        var request = new GrantRequest($"user:{bob}", "viewonly", $"collection:{path}/api");

        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(Actors.Person(viewer, AppRoles.Viewer)).CreateAsync(request, false, None));
        var token = await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(Actors.Token("ci", AppRoles.Auditor)).CreateAsync(request, false, None));
        Assert.Contains("token:ci", token.Message);
        // The manager could make this grant as a Viewer; the Auditor role alone is read-only.
        var auditor = await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(Actors.Person(manager, AppRoles.Auditor)).CreateAsync(request, false, None));
        Assert.Contains("read-only (Auditor)", auditor.Message);
        var unknown = await Assert.ThrowsAsync<ForbiddenException>(() => actors.Grants(Actors.Person("ghost-" + viewer, AppRoles.Viewer)).CreateAsync(request, false, None));
        Assert.Contains("not a user of the model", unknown.Message);

        await actors.Grants(Actors.Person(viewer, AppRoles.Administrator)).CreateAsync(request, false, None);
        await actors.Grants(Admin).CreateAsync(new GrantRequest($"user:{bob}", "fullcontrol", "namespace:*"), false, None);
        Assert.Equal(3, await actors.CountGrantsAsync($"user:{bob}"));
    }
}

[Trait("Database", "Sqlite")]
public sealed class GrantDelegationTestsOnSqlite(SqliteApiFixture app) : GrantDelegationTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class GrantDelegationTestsOnPostgres(PostgresApiFixture app) : GrantDelegationTests(app), IClassFixture<PostgresApiFixture>;
