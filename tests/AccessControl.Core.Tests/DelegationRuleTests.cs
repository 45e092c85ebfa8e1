using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>The delegation rule on a hand-written model, one case per way it can answer.</summary>
public class DelegationRuleTests
{
    private static readonly AccessEngine Engine = new TestModel()
        .User("manager").User("sleepy", active: false).User("root", admin: true).User("nobody")
        .Team("eng/leads").Member("manager", "eng/leads").Member("sleepy", "eng/leads")
        .Collection("/prod").Collection("/prod/api").Namespace("payments")
        .Role("manager", "grant.manage", "container.view", "container.logs", "container.exec")
        .Role("logs", "container.logs", "kubernetes.pods.get", "not.in.catalog")
        .Grant("g1", "team:eng/leads", "manager", "collection:/prod")
        .Engine();

    private static RoleInfo Role(string id) => Engine.Index.Role(id)!;

    [Theory]
    [InlineData("manager", "logs", "collection:/prod/api", null)]              // Kubernetes and unknown ids are never effective on a collection
    [InlineData("manager", "manager", "collection:/prod", null)]              // may pass on grant.manage itself
    [InlineData("manager", "fullcontrol", "collection:/prod/api", DelegationRefusal.Escalation)]
    [InlineData("manager", "logs", "collection:/", DelegationRefusal.NoGrantManage)]   // above their collection
    [InlineData("manager", "logs", "collection:/Shared", DelegationRefusal.NoGrantManage)]
    [InlineData("manager", "none", "namespace:payments", DelegationRefusal.NotApplicable)]
    [InlineData("manager", "none", "namespace:*", DelegationRefusal.NotApplicable)]
    [InlineData("sleepy", "logs", "collection:/prod", DelegationRefusal.NoGrantManage)]  // inactive: nothing at all
    [InlineData("nobody", "none", "collection:/prod", DelegationRefusal.NoGrantManage)]
    [InlineData("ghost", "none", "collection:/prod", DelegationRefusal.UnknownUser)]
    [InlineData("root", "fullcontrol", "collection:/", null)]                 // a platform admin holds every permission
    [InlineData("root", "fullcontrol", "namespace:*", DelegationRefusal.NotApplicable)]
    public void Create(string user, string role, string resource, DelegationRefusal? refusal)
    {
        var d = Delegation.CanCreateGrant(Engine, user, Role(role), ResourceRef.Parse(resource));
        Assert.Equal(refusal, d.Refusal);
        Assert.Equal(refusal is null, d.Allowed);
    }

    [Fact]
    public void An_escalation_names_where_grant_manage_comes_from_and_every_missing_permission()
    {
        var d = Delegation.CanCreateGrant(Engine, "MANAGER", Role("restrictedcontrol"), ResourceRef.Parse("collection:/prod/api"));
        Assert.StartsWith("You hold grant.manage on collection:/prod but not these permissions of role 'Restricted Control' on collection:/prod/api: ", d.Reason);
        Assert.Contains("container.create", d.Missing);
        Assert.DoesNotContain("container.view", d.Missing);
        Assert.DoesNotContain("container.logs", d.Missing);
        Assert.DoesNotContain(d.Missing, p => p.StartsWith("kubernetes."));
        Assert.Contains(string.Join(", ", d.Missing), d.Reason);
    }

    [Fact]
    public void An_inactive_user_is_told_so()
    {
        var d = Delegation.CanCreateGrant(Engine, "sleepy", Role("none"), ResourceRef.Parse("collection:/prod"));
        Assert.Contains("inactive", d.Reason);
    }

    [Theory]
    [InlineData("manager", "collection:/prod/api", true)] // whatever the role of the grant: a deletion only narrows
    [InlineData("manager", "collection:/Shared", false)]
    [InlineData("manager", "namespace:payments", false)]
    [InlineData("sleepy", "collection:/prod", false)]
    public void Delete(string user, string resource, bool allowed) =>
        Assert.Equal(allowed, Delegation.CanDeleteGrant(Engine, user, ResourceRef.Parse(resource)).Allowed);
}
