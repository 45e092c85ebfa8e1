namespace AccessControl.Core.Catalog;

public enum PermissionKind { Swarm, Kubernetes }

/// <summary>
/// One entry of the permission catalog: a Swarm operation (<c>container.create</c>), one of its options
/// (<c>container.create:privileged</c>) or a Kubernetes verb on a resource (<c>kubernetes.pods/exec.create</c>).
/// </summary>
public sealed record Permission
{
    public required string Id { get; init; }
    public required PermissionKind Kind { get; init; }
    /// <summary>Swarm: the group (<c>container</c>). Kubernetes: the resource with its sub-resource (<c>pods/exec</c>).</summary>
    public required string Resource { get; init; }
    /// <summary>Swarm: the action (<c>create</c>). Kubernetes: the verb (<c>get</c>).</summary>
    public required string Action { get; init; }
    /// <summary>Swarm options only: the option (<c>privileged</c>); its operation is <see cref="Operation"/>.</summary>
    public string? Option { get; init; }
    /// <summary>Kubernetes only: the API group ("" for the core group).</summary>
    public string? ApiGroup { get; init; }
    /// <summary>Kubernetes only: true for cluster-scoped resources (nodes, clusterroles, ...).</summary>
    public bool ClusterScoped { get; init; }

    public bool IsOption => Option is not null;
    /// <summary>The plain operation an option belongs to (<c>container.create</c>), or the id itself.</summary>
    public string Operation => Option is null ? Id : Id[..Id.IndexOf(':')];
    public string? Subresource => Kind == PermissionKind.Kubernetes && Resource.Contains('/') ? Resource[(Resource.IndexOf('/') + 1)..] : null;
    public string BaseResource => Kind == PermissionKind.Kubernetes && Resource.Contains('/') ? Resource[..Resource.IndexOf('/')] : Resource;
}
