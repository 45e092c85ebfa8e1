namespace AccessControl.Core.Catalog;

/// <summary>
/// Current Kubernetes resources with their API group and scope (domain.md). Sub-resources carry the verbs the
/// Kubernetes API server actually checks for them (exec/attach/portforward are create on POST and get on websockets).
/// </summary>
internal static class KubernetesCatalog
{
    public static readonly string[] StandardVerbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
    private static readonly string[] ProxyVerbs = ["get", "create", "update", "patch", "delete"];
    private static readonly string[] StatusVerbs = ["get", "update", "patch"];
    private static readonly string[] ConnectVerbs = ["get", "create"];

    private sealed record Res(string Group, string Name, bool Cluster, string[] Verbs);

    private static IEnumerable<Res> Resources()
    {
        // core ("")
        yield return new("", "pods", false, StandardVerbs);
        yield return new("", "pods/attach", false, ConnectVerbs);
        yield return new("", "pods/exec", false, ConnectVerbs);
        yield return new("", "pods/log", false, ["get"]);
        yield return new("", "pods/portforward", false, ConnectVerbs);
        yield return new("", "pods/proxy", false, ProxyVerbs);
        yield return new("", "pods/status", false, StatusVerbs);
        yield return new("", "pods/eviction", false, ["create"]);
        yield return new("", "services", false, StandardVerbs);
        yield return new("", "services/proxy", false, ProxyVerbs);
        yield return new("", "services/status", false, StatusVerbs);
        yield return new("", "endpoints", false, StandardVerbs);
        yield return new("", "configmaps", false, StandardVerbs);
        yield return new("", "secrets", false, StandardVerbs);
        yield return new("", "serviceaccounts", false, [.. StandardVerbs, "impersonate"]);
        yield return new("", "serviceaccounts/token", false, ["create"]);
        yield return new("", "persistentvolumeclaims", false, StandardVerbs);
        yield return new("", "events", false, StandardVerbs);
        yield return new("", "limitranges", false, StandardVerbs);
        yield return new("", "resourcequotas", false, StandardVerbs);
        yield return new("", "podtemplates", false, StandardVerbs);
        yield return new("", "replicationcontrollers", false, StandardVerbs);
        yield return new("", "replicationcontrollers/scale", false, StatusVerbs);
        // apps
        yield return new("apps", "deployments", false, StandardVerbs);
        yield return new("apps", "deployments/scale", false, StatusVerbs);
        yield return new("apps", "deployments/status", false, StatusVerbs);
        yield return new("apps", "replicasets", false, StandardVerbs);
        yield return new("apps", "replicasets/scale", false, StatusVerbs);
        yield return new("apps", "statefulsets", false, StandardVerbs);
        yield return new("apps", "statefulsets/scale", false, StatusVerbs);
        yield return new("apps", "daemonsets", false, StandardVerbs);
        yield return new("apps", "controllerrevisions", false, StandardVerbs);
        // batch, autoscaling, networking, policy
        yield return new("batch", "jobs", false, StandardVerbs);
        yield return new("batch", "cronjobs", false, StandardVerbs);
        yield return new("autoscaling", "horizontalpodautoscalers", false, StandardVerbs);
        yield return new("networking.k8s.io", "ingresses", false, StandardVerbs);
        yield return new("networking.k8s.io", "networkpolicies", false, StandardVerbs);
        yield return new("policy", "poddisruptionbudgets", false, StandardVerbs);
        // rbac
        yield return new("rbac.authorization.k8s.io", "roles", false, [.. StandardVerbs, "bind", "escalate"]);
        // domain.md names kubernetes.rolebindings.bind as a permission id, so the catalog carries it (Kubernetes itself
        // checks bind on the role a binding refers to: kubernetes.roles.bind / clusterroles.bind).
        yield return new("rbac.authorization.k8s.io", "rolebindings", false, [.. StandardVerbs, "bind"]);
        yield return new("rbac.authorization.k8s.io", "clusterroles", true, [.. StandardVerbs, "bind", "escalate"]);
        yield return new("rbac.authorization.k8s.io", "clusterrolebindings", true, StandardVerbs);
        // cluster-scoped
        yield return new("", "namespaces", true, StandardVerbs);
        yield return new("", "nodes", true, StandardVerbs);
        yield return new("", "nodes/proxy", true, ProxyVerbs);
        yield return new("", "nodes/status", true, StatusVerbs);
        yield return new("", "persistentvolumes", true, StandardVerbs);
        yield return new("storage.k8s.io", "storageclasses", true, StandardVerbs);
        yield return new("apiextensions.k8s.io", "customresourcedefinitions", true, StandardVerbs);
        yield return new("certificates.k8s.io", "certificatesigningrequests", true, StandardVerbs);
        yield return new("certificates.k8s.io", "certificatesigningrequests/approval", true, StatusVerbs);
        // impersonation targets (cluster-scoped, core group)
        yield return new("", "users", true, ["impersonate"]);
        yield return new("", "groups", true, ["impersonate"]);
    }

    public static IEnumerable<Permission> All() =>
        from r in Resources()
        from verb in r.Verbs
        select new Permission
        {
            Id = $"kubernetes.{r.Name}.{verb}", Kind = PermissionKind.Kubernetes, Resource = r.Name, Action = verb,
            ApiGroup = r.Group, ClusterScoped = r.Cluster,
        };
}
