using AccessControl.Core.Catalog;

namespace AccessControl.Core.Tests;

public class BuiltInRoleTests
{
    private static readonly PermissionCatalog Catalog = PermissionCatalog.Default;
    private static HashSet<string> Role(string id) => [.. BuiltInRoles.All.Single(r => r.Id == id).Permissions];
    private static IEnumerable<Permission> Of(string id) => Role(id).Select(Catalog.Get);
    private static readonly string[] SwarmViewActions = ["view", "logs", "stats", "top", "history", "view-tasks"];
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];

    [Fact]
    public void The_five_built_in_roles_have_fixed_ids_and_only_catalog_permissions()
    {
        Assert.Equal(["none", "viewonly", "restrictedcontrol", "scheduler", "fullcontrol"], BuiltInRoles.All.Select(r => r.Id));
        Assert.All(BuiltInRoles.All, r => Assert.All(r.Permissions, p => Assert.True(Catalog.Contains(p), p)));
        Assert.All(BuiltInRoles.All, r => Assert.Equal(r.Permissions.Length, r.Permissions.Distinct().Count()));
        Assert.True(BuiltInRoles.IsBuiltIn("viewonly"));
        Assert.False(BuiltInRoles.IsBuiltIn("ViewOnly"));
    }

    [Fact]
    public void None_is_empty_full_control_is_everything_scheduler_is_node_view_and_schedule()
    {
        Assert.Empty(Role("none"));
        Assert.Equal(Catalog.All.Select(p => p.Id).ToHashSet(), Role("fullcontrol"));
        Assert.Equal(["node.schedule", "node.view"], Role("scheduler").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void View_only_is_every_view_and_nothing_else()
    {
        var expected = Catalog.All.Where(p => p.Kind == PermissionKind.Swarm
                ? !p.IsOption && SwarmViewActions.Contains(p.Action)
                : ReadVerbs.Contains(p.Action) && p.BaseResource != "secrets"
                  && p.Subresource is not ("exec" or "attach" or "portforward" or "proxy"))
            .Select(p => p.Id).ToHashSet();
        Assert.Equal(expected, Role("viewonly"));
        Assert.Contains("container.view", expected);
        Assert.Contains("service.view-tasks", expected);
        Assert.Contains("kubernetes.pods/log.get", expected);
    }

    [Theory]
    [InlineData("container.create")]
    [InlineData("container.exec")]
    [InlineData("container.attach")]
    [InlineData("secret.use")]
    [InlineData("secret.view")] // a Swarm secret's "view" shows metadata only: it is a view action
    [InlineData("kubernetes.secrets.get")]
    [InlineData("kubernetes.secrets.list")]
    [InlineData("kubernetes.pods/exec.get")]
    [InlineData("kubernetes.pods/exec.create")]
    [InlineData("kubernetes.pods.create")]
    [InlineData("grant.manage")]
    public void View_only_has_no_write_no_secret_and_no_exec(string id)
    {
        if (id == "secret.view") Assert.Contains(id, Role("viewonly"));
        else Assert.DoesNotContain(id, Role("viewonly"));
    }

    [Fact]
    public void View_only_has_no_write_at_all()
    {
        Assert.All(Of("viewonly"), p => Assert.True(
            p.Kind == PermissionKind.Swarm ? SwarmViewActions.Contains(p.Action) && !p.IsOption : ReadVerbs.Contains(p.Action), p.Id));
    }

    [Fact]
    public void Restricted_control_is_view_only_plus_plain_operations_without_the_dangerous_ones()
    {
        var restricted = Role("restrictedcontrol");
        Assert.Superset(Role("viewonly"), restricted);
        Assert.All(Of("restrictedcontrol"), p =>
        {
            Assert.False(p.IsOption, p.Id);
            Assert.DoesNotContain(p.Id, new[] { "container.attach", "container.exec", "node.update", "grant.manage" });
            Assert.False(p.Resource is "pods/exec" or "pods/attach" or "pods/portforward", p.Id);
            if (p.ApiGroup == "rbac.authorization.k8s.io" || p.ClusterScoped) Assert.Contains(p.Action, ReadVerbs);
        });
        Assert.Equal(
            Catalog.All.Where(p => p.Kind == PermissionKind.Swarm && !p.IsOption
                && p.Id is not ("container.attach" or "container.exec" or "node.update" or "grant.manage")).Select(p => p.Id).ToHashSet(),
            Of("restrictedcontrol").Where(p => p.Kind == PermissionKind.Swarm).Select(p => p.Id).ToHashSet());
        string[] included = ["container.create", "service.update", "secret.use", "node.schedule", "kubernetes.deployments.create",
            "kubernetes.pods.delete", "kubernetes.configmaps.patch", "kubernetes.secrets.get", "kubernetes.secrets.list", "kubernetes.secrets.watch"];
        Assert.All(included, id => Assert.Contains(id, restricted));
        string[] excluded = ["kubernetes.pods/exec.create", "kubernetes.pods/attach.create", "kubernetes.pods/portforward.create",
            "kubernetes.roles.create", "kubernetes.rolebindings.create", "kubernetes.roles.bind", "kubernetes.nodes.update",
            "kubernetes.namespaces.create", "kubernetes.clusterroles.create", "container.create:privileged", "service.create:host-networking"];
        Assert.All(excluded, id => Assert.DoesNotContain(id, restricted));
    }

    [Fact]
    public void Grant_manage_is_in_full_control_only()
    {
        Assert.Equal(["fullcontrol"], BuiltInRoles.All.Where(r => r.Permissions.Contains("grant.manage")).Select(r => r.Id));
    }
}
