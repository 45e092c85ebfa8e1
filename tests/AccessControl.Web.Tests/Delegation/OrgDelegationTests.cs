using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Orgs;
using AccessControl.Web.Features.Users;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Delegation;

/// <summary>Org admins manage the teams and members of their org, and nothing else.</summary>
public abstract class OrgDelegationTests(ApiFixture app)
{
    private readonly Actors actors = new(app);
    private static readonly CurrentActor Admin = Actors.Administrator;
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<string> NewUser(bool active = true)
    {
        var name = ApiFixture.Unique("u");
        await actors.Users(Admin).CreateAsync(new CreateUserRequest(name, Active: active), None);
        return name;
    }

    /// <summary>A new org with an org admin (made by an Administrator), returning both names.</summary>
    private async Task<(string Org, string OrgAdmin)> NewOrgWithAdmin(bool adminActive = true)
    {
        var org = ApiFixture.Unique("org");
        await actors.Orgs(Admin).CreateAsync(new CreateOrgRequest(org), None);
        var admin = await NewUser(adminActive);
        await actors.Members(Admin).PutOrgMemberAsync(org, admin, new MembershipRequest(IsAdmin: true), None);
        return (org, admin);
    }

    [Fact]
    public async Task Org_admin_manages_the_teams_and_members_of_their_org()
    {
        var (org, orgAdmin) = await NewOrgWithAdmin();
        var me = Actors.Person(orgAdmin, AppRoles.Viewer);
        var (bob, carol) = (await NewUser(), await NewUser());

        await actors.Teams(me).CreateAsync(org, new CreateTeamRequest("ops"), None);
        var renamed = await actors.Teams(me).UpdateAsync(org, "ops", new UpdateTeamRequest("sre", "Site reliability"), null, None);
        Assert.Equal("sre", renamed.Name);
        var (member, created) = await actors.Members(me).PutTeamMemberAsync(org, "sre", bob, new MembershipRequest(IsAdmin: true), None);
        Assert.True(created);
        Assert.True(member.IsAdmin); // team admin flags are the org admin's to set
        Assert.False((await actors.Members(Admin).GetOrgMemberAsync(org, bob, None)).IsAdmin); // joined the org as a plain member
        await actors.Members(me).PutOrgMemberAsync(org, carol, new MembershipRequest(IsAdmin: false), None);
        await actors.Members(me).RemoveTeamMemberAsync(org, "sre", bob, None);
        await actors.Members(me).RemoveOrgMemberAsync(org, carol, None);
        await actors.Teams(me).DeleteAsync(org, "sre", null, None);

        var members = await actors.Members(Admin).ListOrgMembersAsync(org, new PageRequest(0, 10), None);
        Assert.Equal(new[] { orgAdmin, bob }.Order(StringComparer.Ordinal), members.Items.Select(m => m.UserName).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await actors.Teams(Admin).ListAsync(org, new PageRequest(0, 10), None)).Total);
    }

    [Fact]
    public async Task Org_admin_cannot_make_unmake_or_remove_org_admins()
    {
        var (org, orgAdmin) = await NewOrgWithAdmin();
        var me = Actors.Person(orgAdmin, AppRoles.Viewer);
        var bob = await NewUser();
        await actors.Members(me).PutOrgMemberAsync(org, bob, new MembershipRequest(), None);

        var promote = await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await actors.Members(me).PutOrgMemberAsync(org, bob, new MembershipRequest(IsAdmin: true), None));
        Assert.Contains("Only Administrators", promote.Message);
        await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await actors.Members(me).PutOrgMemberAsync(org, await NewUser(), new MembershipRequest(IsAdmin: true), None));
        var peer = await NewUser();
        await actors.Members(Admin).PutOrgMemberAsync(org, peer, new MembershipRequest(IsAdmin: true), None);
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Members(me).PutOrgMemberAsync(org, peer, new MembershipRequest(IsAdmin: false), None));
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Members(me).RemoveOrgMemberAsync(org, peer, None));
        // Re-putting an admin as an admin changes nothing, so it is allowed.
        await actors.Members(me).PutOrgMemberAsync(org, peer, new MembershipRequest(IsAdmin: true), None);

        Assert.False((await actors.Members(Admin).GetOrgMemberAsync(org, bob, None)).IsAdmin);
        Assert.True((await actors.Members(Admin).GetOrgMemberAsync(org, peer, None)).IsAdmin);
        await actors.Members(Admin).PutOrgMemberAsync(org, bob, new MembershipRequest(IsAdmin: true), None); // an Administrator may
    }

    [Fact]
    public async Task Org_admin_is_refused_on_another_org_and_inactive_or_plain_members_on_their_own()
    {
        var (org, orgAdmin) = await NewOrgWithAdmin();
        var (other, _) = await NewOrgWithAdmin();
        var me = Actors.Person(orgAdmin, AppRoles.Viewer);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => actors.Teams(me).CreateAsync(other, new CreateTeamRequest("ops"), None));
        Assert.Contains($"not an admin of '{other}'", refused.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Members(me).PutOrgMemberAsync(other, orgAdmin, new MembershipRequest(), None));
        Assert.Equal(0, (await actors.Teams(Admin).ListAsync(other, new PageRequest(0, 10), None)).Total);

        var plain = await NewUser();
        await actors.Members(Admin).PutOrgMemberAsync(org, plain, new MembershipRequest(), None);
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Teams(Actors.Person(plain, AppRoles.Viewer)).CreateAsync(org, new CreateTeamRequest("x"), None));

        await actors.Teams(Admin).CreateAsync(org, new CreateTeamRequest("ops"), None);
        await actors.Members(Admin).PutTeamMemberAsync(org, "ops", plain, new MembershipRequest(IsAdmin: true), None);
        var teamAdmin = await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await actors.Members(Actors.Person(plain, AppRoles.Viewer)).PutTeamMemberAsync(org, "ops", await NewUser(), new MembershipRequest(), None));
        Assert.Contains("Only Administrators and admins of organization", teamAdmin.Message);

        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Teams(Actors.Person(orgAdmin, AppRoles.Auditor)).CreateAsync(org, new CreateTeamRequest("z"), None));
        var (org3, sleepy) = await NewOrgWithAdmin(adminActive: false);
        var inactive = await Assert.ThrowsAsync<ForbiddenException>(() => actors.Teams(Actors.Person(sleepy, AppRoles.Viewer)).CreateAsync(org3, new CreateTeamRequest("x"), None));
        Assert.Contains("inactive", inactive.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => actors.Teams(Actors.Token("ci", AppRoles.Viewer)).CreateAsync(org, new CreateTeamRequest("y"), None));
        await actors.Teams(Actors.Token("ci", AppRoles.Administrator)).CreateAsync(org, new CreateTeamRequest("y"), None);
    }

    [Fact]
    public async Task CanManage_answers_what_the_changes_would_allow()
    {
        var (org, orgAdmin) = await NewOrgWithAdmin();
        var (other, _) = await NewOrgWithAdmin();
        var plain = await NewUser();
        await actors.Members(Admin).PutOrgMemberAsync(org, plain, new MembershipRequest(), None);
        var (org3, sleepy) = await NewOrgWithAdmin(adminActive: false);

        Assert.True(await actors.Members(Admin).CanManageAsync(org, None));
        Assert.True(await actors.Members(Actors.Person(orgAdmin, AppRoles.Viewer)).CanManageAsync(org, None));
        Assert.False(await actors.Members(Actors.Person(orgAdmin, AppRoles.Viewer)).CanManageAsync(other, None));
        Assert.False(await actors.Members(Actors.Person(orgAdmin, AppRoles.Auditor)).CanManageAsync(org, None));
        Assert.False(await actors.Members(Actors.Person(plain, AppRoles.Viewer)).CanManageAsync(org, None));
        Assert.False(await actors.Members(Actors.Person(sleepy, AppRoles.Viewer)).CanManageAsync(org3, None));
        Assert.False(await actors.Members(Actors.Token("ci", AppRoles.Viewer)).CanManageAsync(org, None));
        await Assert.ThrowsAsync<NotFoundException>(() => actors.Members(Actors.Person(orgAdmin, AppRoles.Viewer)).CanManageAsync(ApiFixture.Unique("none"), None));
    }
}

[Trait("Database", "Sqlite")]
public sealed class OrgDelegationTestsOnSqlite(SqliteApiFixture app) : OrgDelegationTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class OrgDelegationTestsOnPostgres(PostgresApiFixture app) : OrgDelegationTests(app), IClassFixture<PostgresApiFixture>;
