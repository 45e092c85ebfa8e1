using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

public class WhoCanAndEffectiveTests
{
    private static readonly TestModel Rules = CheckRuleTests.Rules();
    private static readonly AccessEngine Engine = Rules.Engine();

    [Fact]
    public void Who_can_lists_members_of_granted_groups_and_admins_but_not_inactive_users()
    {
        var w = Engine.WhoCan("node.schedule", ResourceRef.Collection("/prod/api/v1"));
        Assert.Equal(["alice", "bob", "root"], w.Users.Select(u => u.UserName)); // dave is inactive, gone an inactive admin
        Assert.Equal(["eng-api"], w.Users[0].Because.Select(b => Rules.Label(b.Grant)));
        Assert.Equal("collection:/prod/api", w.Users[0].Because[0].InheritedFrom);
        Assert.True(w.Users[2].IsAdmin);
        Assert.Empty(w.ServiceAccounts);
    }

    [Fact]
    public void Who_can_lists_service_accounts_with_their_grants()
    {
        var w = Engine.WhoCan("kubernetes.pods.get", ResourceRef.Namespace("payments"));
        Assert.Equal(["alice", "carol", "root"], w.Users.Select(u => u.UserName));
        Assert.Equal([("payments", "ci-bot")], w.ServiceAccounts.Select(a => (a.Namespace, a.Name)));
        Assert.Equal(["bot-payments"], w.ServiceAccounts[0].Because.Select(b => Rules.Label(b.Grant)));
        Assert.Equal("namespace:*", w.Users[1].Because.Single().InheritedFrom);
    }

    [Fact]
    public void Who_can_for_a_pair_that_does_not_apply_is_empty_and_says_why()
    {
        var w = Engine.WhoCan("kubernetes.nodes.get", ResourceRef.Namespace("payments"));
        Assert.Empty(w.Users);
        Assert.Empty(w.ServiceAccounts);
        Assert.Contains("cluster-scoped", w.NotApplicable);
    }

    [Fact]
    public void Effective_includes_inherited_collections_and_only_applicable_permissions()
    {
        var e = Engine.Effective(SubjectRef.User("carol"));
        Assert.True(e.Active);
        Assert.False(e.IsAdmin);
        // ops-root (viewonly on /) reaches every collection; carol-all and ops-all reach every namespace and namespace:*.
        var refs = e.Entries.Select(x => x.Resource).ToList();
        Assert.Equal(refs.OrderBy(x => x, StringComparer.Ordinal), refs);
        Assert.Contains("collection:/prod/api/v1", refs);
        Assert.Contains("namespace:billing", refs);
        Assert.Contains("namespace:*", refs);
        var dev = e.Entries.Single(x => x.Resource == "collection:/dev");
        Assert.Contains("container.create", dev.Permissions);
        Assert.DoesNotContain(dev.Permissions, p => p.StartsWith("kubernetes."));
        Assert.Equal(["carol-dev", "ops-root"], dev.Because.Select(b => Rules.Label(b.Grant)));
        var billing = e.Entries.Single(x => x.Resource == "namespace:billing");
        Assert.Equal(["kubernetes.pods.get", "kubernetes.pods.list"], billing.Permissions.ToArray()); // nodes.get is cluster-scoped
        var all = e.Entries.Single(x => x.Resource == "namespace:*");
        Assert.Equal(["kubernetes.nodes.get", "kubernetes.pods.get", "kubernetes.pods.list"], all.Permissions.ToArray());
        Assert.All(all.Because, b => Assert.Null(b.InheritedFrom));
    }

    [Fact]
    public void Effective_skips_roles_that_give_nothing_there()
    {
        // bob's only grants: scheduler on /prod/api (through eng) and none on /.
        var e = Engine.Effective(SubjectRef.User("bob"));
        Assert.Equal(["collection:/prod/api", "collection:/prod/api/v1"], e.Entries.Select(x => x.Resource));
        Assert.All(e.Entries, x => Assert.Equal(["node.schedule", "node.view"], x.Permissions.ToArray()));
    }

    [Fact]
    public void Effective_of_an_admin_is_everything_applicable_everywhere()
    {
        var e = Engine.Effective(SubjectRef.User("root"));
        Assert.True(e.IsAdmin);
        Assert.Equal(Engine.Model.Collections.Length + Engine.Model.Namespaces.Length + 1, e.Entries.Length);
        Assert.All(e.Entries, x => Assert.Empty(x.Because));
        var all = e.Entries.Single(x => x.Resource == "namespace:*").Permissions;
        Assert.Equal(Engine.Catalog.All.Count(p => p.Kind == Catalog.PermissionKind.Kubernetes), all.Length);
        Assert.DoesNotContain("kubernetes.nodes.get", e.Entries.Single(x => x.Resource == "namespace:payments").Permissions);
        Assert.Contains("grant.manage", e.Entries.Single(x => x.Resource == "collection:/").Permissions);
    }

    [Fact]
    public void Effective_of_an_inactive_user_is_empty()
    {
        var e = Engine.Effective(SubjectRef.User("gone"));
        Assert.False(e.Active);
        Assert.True(e.IsAdmin);
        Assert.Empty(e.Entries);
    }

    [Fact]
    public void Effective_of_a_team_includes_its_org_grants()
    {
        var e = Engine.Effective(SubjectRef.Team("eng", "frontend"));
        var web = e.Entries.Single(x => x.Resource == "collection:/prod/web");
        Assert.Equal(["frontend-web"], web.Because.Select(b => Rules.Label(b.Grant)));
        var api = e.Entries.Single(x => x.Resource == "collection:/prod/api");
        Assert.Equal(["eng-api"], api.Because.Select(b => Rules.Label(b.Grant)));
        Assert.Equal("team:eng/frontend", e.Subject);
    }

    [Theory]
    [InlineData("user:nobody", "container.view", "collection:/", "subject")]
    [InlineData("team:eng/nobody", "container.view", "collection:/", "subject")]
    [InlineData("org:nobody", "container.view", "collection:/", "subject")]
    [InlineData("serviceaccount:payments/nobody", "container.view", "collection:/", "subject")]
    [InlineData("user:alice", "container.fly", "collection:/", "permission")]
    [InlineData("user:alice", "Container.View", "collection:/", "permission")]
    [InlineData("user:alice", "container.view", "collection:/nowhere", "resource")]
    [InlineData("user:alice", "kubernetes.pods.get", "namespace:nowhere", "resource")]
    [InlineData("user:alice", "kubernetes.pods.get", "namespace:Payments", "resource")]
    public void Unknown_references_are_reported_by_field(string subject, string permission, string resource, string field)
    {
        var e = Assert.Throws<UnknownReferenceException>(() => Engine.Check(SubjectRef.Parse(subject), permission, ResourceRef.Parse(resource)));
        Assert.Equal(field, e.Field);
        if (field != "subject")
            Assert.Equal(field, Assert.Throws<UnknownReferenceException>(() => Engine.WhoCan(permission, ResourceRef.Parse(resource))).Field);
        else
            Assert.Equal(field, Assert.Throws<UnknownReferenceException>(() => Engine.Effective(SubjectRef.Parse(subject))).Field);
    }

    [Fact]
    public void Reasons_say_why_not()
    {
        Assert.Contains("inactive", Engine.Check(SubjectRef.User("dave"), "container.view", ResourceRef.Collection("/dev")).Reason);
        Assert.Contains("Kubernetes permission",
            Engine.Check(SubjectRef.User("alice"), "kubernetes.pods.get", ResourceRef.Collection("/")).Reason);
        Assert.Contains("has no grant at all",
            Engine.Check(SubjectRef.ServiceAccount("payments", "other"), "kubernetes.pods.get", ResourceRef.Namespace("payments")).Reason);
        Assert.Equal("No grant to user:alice, its teams or orgs reaches namespace:billing (none on namespace:billing or namespace:*), " +
                     "so kubernetes.pods.get is not granted there.",
            Engine.Check(SubjectRef.User("alice"), "kubernetes.pods.get", ResourceRef.Namespace("billing")).Reason);
    }
}
