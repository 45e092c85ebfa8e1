using AccessControl.Core.Catalog;

namespace AccessControl.Core.Tests;

public class CatalogTests
{
    private static readonly PermissionCatalog Catalog = PermissionCatalog.Default;

    // domain.md's Swarm table, verbatim: group -> operation -> options.
    private static readonly Dictionary<string, Dictionary<string, string[]>> SwarmTable = new()
    {
        ["config"] = Ops("create", "delete", "update", "use", "view"),
        ["container"] = new(Ops("attach", "changes", "connect", "disconnect", "exec", "export", "filesystem-read", "filesystem-write",
            "kill", "logs", "pause", "remove", "rename", "resize", "restart", "start", "stats", "stop", "top", "unpause", "view", "wait"))
        {
            ["create"] = ["ipc-mode", "pid-mode", "host-networking", "bridge-networking", "privileged", "host-bind-mounts", "kernel-capabilities", "userns-mode"],
        },
        ["image"] = new(Ops("build", "commit", "create", "export", "history", "load", "prune", "push", "search", "tag", "view")) { ["remove"] = ["force"] },
        ["network"] = new(Ops("connect", "disconnect", "remove", "view")) { ["create"] = ["attachable"] },
        ["node"] = Ops("schedule", "update", "view"),
        ["secret"] = Ops("create", "delete", "update", "use", "view"),
        ["service"] = new(Ops("delete", "logs", "view", "view-tasks"))
        {
            ["create"] = ["credential-spec", "host-bind-mounts", "host-networking", "bridge-networking"],
            ["update"] = ["credential-spec", "host-bind-mounts", "host-networking", "bridge-networking"],
        },
        ["volume"] = new(Ops("remove", "view")) { ["create"] = ["local-driver-options"] },
        ["grant"] = Ops("manage"),
    };

    private static Dictionary<string, string[]> Ops(params string[] ops) => ops.ToDictionary(o => o, _ => Array.Empty<string>());

    [Fact]
    public void Swarm_permissions_are_exactly_the_table_of_domain_md()
    {
        var expected = SwarmTable.SelectMany(g => g.Value.SelectMany(op =>
            op.Value.Select(o => $"{g.Key}.{op.Key}:{o}").Prepend($"{g.Key}.{op.Key}"))).Order(StringComparer.Ordinal);
        var actual = Catalog.All.Where(p => p.Kind == PermissionKind.Swarm).Select(p => p.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Ids_are_unique_lower_case_and_well_formed()
    {
        Assert.Equal(Catalog.All.Length, Catalog.All.Select(p => p.Id).Distinct().Count());
        Assert.All(Catalog.All, p =>
        {
            Assert.Equal(p.Id.ToLowerInvariant(), p.Id);
            var expected = p.Kind == PermissionKind.Swarm
                ? p.Option is null ? $"{p.Resource}.{p.Action}" : $"{p.Resource}.{p.Action}:{p.Option}"
                : $"kubernetes.{p.Resource}.{p.Action}";
            Assert.Equal(expected, p.Id);
            if (p.IsOption) Assert.True(Catalog.Contains(p.Operation), p.Id);
            Assert.Equal(p, Catalog.Get(p.Id));
            Assert.Equal(p, Catalog.All[Catalog.IndexOf(p.Id)]);
        });
        Assert.Equal(-1, Catalog.IndexOf("Container.View"));
        Assert.False(Catalog.Contains("container.create:Privileged"));
    }

    [Theory]
    [InlineData("pods", "", false)]
    [InlineData("pods/attach", "", false)]
    [InlineData("pods/exec", "", false)]
    [InlineData("pods/log", "", false)]
    [InlineData("pods/portforward", "", false)]
    [InlineData("pods/proxy", "", false)]
    [InlineData("pods/status", "", false)]
    [InlineData("pods/eviction", "", false)]
    [InlineData("services/proxy", "", false)]
    [InlineData("services/status", "", false)]
    [InlineData("endpoints", "", false)]
    [InlineData("configmaps", "", false)]
    [InlineData("secrets", "", false)]
    [InlineData("serviceaccounts/token", "", false)]
    [InlineData("persistentvolumeclaims", "", false)]
    [InlineData("events", "", false)]
    [InlineData("limitranges", "", false)]
    [InlineData("resourcequotas", "", false)]
    [InlineData("podtemplates", "", false)]
    [InlineData("replicationcontrollers/scale", "", false)]
    [InlineData("deployments/scale", "apps", false)]
    [InlineData("deployments/status", "apps", false)]
    [InlineData("replicasets/scale", "apps", false)]
    [InlineData("statefulsets/scale", "apps", false)]
    [InlineData("daemonsets", "apps", false)]
    [InlineData("controllerrevisions", "apps", false)]
    [InlineData("jobs", "batch", false)]
    [InlineData("cronjobs", "batch", false)]
    [InlineData("horizontalpodautoscalers", "autoscaling", false)]
    [InlineData("ingresses", "networking.k8s.io", false)]
    [InlineData("networkpolicies", "networking.k8s.io", false)]
    [InlineData("poddisruptionbudgets", "policy", false)]
    [InlineData("roles", "rbac.authorization.k8s.io", false)]
    [InlineData("rolebindings", "rbac.authorization.k8s.io", false)]
    [InlineData("clusterroles", "rbac.authorization.k8s.io", true)]
    [InlineData("clusterrolebindings", "rbac.authorization.k8s.io", true)]
    [InlineData("namespaces", "", true)]
    [InlineData("nodes", "", true)]
    [InlineData("nodes/proxy", "", true)]
    [InlineData("nodes/status", "", true)]
    [InlineData("persistentvolumes", "", true)]
    [InlineData("storageclasses", "storage.k8s.io", true)]
    [InlineData("customresourcedefinitions", "apiextensions.k8s.io", true)]
    [InlineData("certificatesigningrequests/approval", "certificates.k8s.io", true)]
    public void Kubernetes_resources_carry_their_group_and_scope(string resource, string group, bool clusterScoped)
    {
        var perms = Catalog.All.Where(p => p.Kind == PermissionKind.Kubernetes && p.Resource == resource).ToList();
        Assert.NotEmpty(perms);
        Assert.All(perms, p => Assert.Equal((group, clusterScoped), (p.ApiGroup, p.ClusterScoped)));
    }

    [Theory]
    [InlineData("kubernetes.pods.deletecollection")]
    [InlineData("kubernetes.roles.bind")]
    [InlineData("kubernetes.roles.escalate")]
    [InlineData("kubernetes.clusterroles.bind")]
    [InlineData("kubernetes.clusterroles.escalate")]
    [InlineData("kubernetes.users.impersonate")]
    [InlineData("kubernetes.groups.impersonate")]
    [InlineData("kubernetes.serviceaccounts.impersonate")]
    [InlineData("kubernetes.pods/exec.create")]
    [InlineData("kubernetes.deployments/scale.update")]
    [InlineData("kubernetes.rolebindings.bind")] // named as an example id in domain.md
    public void Kubernetes_verbs_of_domain_md_exist(string id) => Assert.True(Catalog.Contains(id), id);

    [Fact]
    public void Every_standard_resource_has_every_standard_verb()
    {
        string[] verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
        foreach (var r in new[] { "pods", "services", "secrets", "deployments", "clusterroles", "nodes", "namespaces" })
            Assert.All(verbs, v => Assert.True(Catalog.Contains($"kubernetes.{r}.{v}"), $"{r}.{v}"));
    }
}
