using System.Collections.Immutable;

namespace AccessControl.Core.Catalog;

public sealed record BuiltInRole(string Id, string Name, string Description, ImmutableArray<string> Permissions);

/// <summary>The five built-in roles of domain.md, with fixed ids; they cannot be edited or deleted.</summary>
public static class BuiltInRoles
{
    public const string None = "none";
    public const string ViewOnly = "viewonly";
    public const string RestrictedControl = "restrictedcontrol";
    public const string Scheduler = "scheduler";
    public const string FullControl = "fullcontrol";

    private static readonly HashSet<string> SwarmViewActions = ["view", "logs", "stats", "top", "history", "view-tasks"];
    private static readonly HashSet<string> ReadVerbs = ["get", "list", "watch"];
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete"];
    // Sub-resources whose "get" is an action (a shell, a tunnel, a proxy), not a view: Kubernetes' own view role leaves them out.
    private static readonly HashSet<string> ActionSubresources = ["attach", "exec", "portforward", "proxy"];
    private static readonly HashSet<string> RestrictedExcluded = ["pods/exec", "pods/attach", "pods/portforward"];

    public static ImmutableArray<BuiltInRole> All { get; } = Build(PermissionCatalog.Default);

    public static bool IsBuiltIn(string roleId) => All.Any(r => r.Id == roleId);

    private static ImmutableArray<BuiltInRole> Build(PermissionCatalog catalog)
    {
        var view = catalog.All.Where(IsViewOnly).Select(p => p.Id).ToImmutableArray();
        var restricted = catalog.All.Where(p => IsViewOnly(p) || IsRestrictedControl(p)).Select(p => p.Id).ToImmutableArray();
        return
        [
            new(None, "None", "No permissions.", []),
            new(ViewOnly, "View Only", "See resources, their logs and statistics; no changes. No Kubernetes secrets.", view),
            new(RestrictedControl, "Restricted Control",
                "View Only, plus every operation without dangerous options, except exec, attach and node changes.", restricted),
            new(Scheduler, "Scheduler", "Schedule workloads on nodes and see nodes.", ["node.view", "node.schedule"]),
            new(FullControl, "Full Control", "Every permission, options included.", [.. catalog.All.Select(p => p.Id)]),
        ];
    }

    private static bool IsViewOnly(Permission p) => p.Kind == PermissionKind.Swarm
        ? !p.IsOption && SwarmViewActions.Contains(p.Action)
        : ReadVerbs.Contains(p.Action) && p.BaseResource != "secrets"
          && !(p.Subresource is { } sub && ActionSubresources.Contains(sub));

    private static bool IsRestrictedControl(Permission p) => p.Kind == PermissionKind.Swarm
        ? !p.IsOption && p.Id is not ("container.attach" or "container.exec" or "node.update") && p.Resource != "grant"
        : (!p.ClusterScoped && WriteVerbs.Contains(p.Action) && !RestrictedExcluded.Contains(p.Resource)
           && p.ApiGroup != "rbac.authorization.k8s.io")
          || (p.Resource == "secrets" && ReadVerbs.Contains(p.Action));
}
