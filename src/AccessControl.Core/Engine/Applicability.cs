using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>Which permissions can be effective on which kind of resource set (domain.md, "Effective permissions").</summary>
public static class Applicability
{
    /// <summary>True when <paramref name="permission"/> can be effective on a resource set of that kind.</summary>
    public static bool Applies(Permission permission, ResourceKind kind) => WhyNot(permission, kind, "") is null;

    /// <summary>Null when the pair applies; else the sentence that says why it does not.</summary>
    public static string? WhyNot(Permission permission, ResourceKind kind, string resource) => (permission.Kind, kind) switch
    {
        (PermissionKind.Kubernetes, ResourceKind.Collection) =>
            $"{permission.Id} is a Kubernetes permission: it applies to namespaces, never to a collection such as {resource}.",
        (PermissionKind.Swarm, ResourceKind.Namespace or ResourceKind.AllNamespaces) =>
            $"{permission.Id} is a Swarm permission: it applies to collections, never to a namespace such as {resource}.",
        (PermissionKind.Kubernetes, ResourceKind.Namespace) when permission.ClusterScoped =>
            $"{permission.Id} is on a cluster-scoped Kubernetes resource: it is effective only on namespace:* " +
            $"(all namespaces and the cluster scope), never on a single namespace such as {resource}.",
        _ => null,
    };
}
