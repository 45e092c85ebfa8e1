namespace AccessControl.Core.Catalog;

/// <summary>The Swarm operations of UCP's custom-role editor, with their options (domain.md).</summary>
internal static class SwarmCatalog
{
    private static readonly string[] ServiceOptions = ["credential-spec", "host-bind-mounts", "host-networking", "bridge-networking"];

    // group -> (action, options)
    private static readonly (string Group, (string Action, string[] Options)[] Ops)[] Groups =
    [
        ("config", Plain("create", "delete", "update", "use", "view")),
        ("container", [
            ("attach", []), ("changes", []), ("connect", []),
            ("create", ["ipc-mode", "pid-mode", "host-networking", "bridge-networking", "privileged", "host-bind-mounts", "kernel-capabilities", "userns-mode"]),
            ("disconnect", []), ("exec", []), ("export", []), ("filesystem-read", []), ("filesystem-write", []),
            ("kill", []), ("logs", []), ("pause", []), ("remove", []), ("rename", []), ("resize", []),
            ("restart", []), ("start", []), ("stats", []), ("stop", []), ("top", []), ("unpause", []),
            ("view", []), ("wait", [])]),
        ("image", [
            ("build", []), ("commit", []), ("create", []), ("export", []), ("history", []), ("load", []),
            ("prune", []), ("push", []), ("remove", ["force"]), ("search", []), ("tag", []), ("view", [])]),
        ("network", [("connect", []), ("create", ["attachable"]), ("disconnect", []), ("remove", []), ("view", [])]),
        ("node", Plain("schedule", "update", "view")),
        ("secret", Plain("create", "delete", "update", "use", "view")),
        ("service", [
            ("create", ServiceOptions), ("delete", []), ("logs", []), ("update", ServiceOptions), ("view", []), ("view-tasks", [])]),
        ("volume", [("create", ["local-driver-options"]), ("remove", []), ("view", [])]),
        ("grant", Plain("manage")),
    ];

    private static (string, string[])[] Plain(params string[] actions) => actions.Select(a => (a, Array.Empty<string>())).ToArray();

    public static IEnumerable<Permission> All()
    {
        foreach (var (group, ops) in Groups)
            foreach (var (action, options) in ops)
            {
                var op = $"{group}.{action}";
                yield return new Permission { Id = op, Kind = PermissionKind.Swarm, Resource = group, Action = action };
                foreach (var option in options)
                    yield return new Permission
                    {
                        Id = $"{op}:{option}", Kind = PermissionKind.Swarm, Resource = group, Action = action, Option = option,
                    };
            }
    }
}
