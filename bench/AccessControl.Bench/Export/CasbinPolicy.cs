using AccessControl.Bench.Generation;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Export;

/// <summary>
/// The model as a casbin policy with domains that gives the engine's decisions (checked by the Bench tests).
/// <list type="bullet">
/// <item>Domain = resource set: <c>c:/prod/api/</c> for a collection (trailing slash), <c>n:payments</c> for a
/// namespace, <c>n:*</c> for all namespaces.</item>
/// <item>A grant is a <c>p</c> line (subject, role, domain) whose domain is a keyMatch pattern: <c>c:/prod/*</c>
/// reaches /prod and every descendant (inheritance without expansion), <c>n:*</c> every namespace and namespace:*.</item>
/// <item><c>g</c> = membership, without domain: user → team, user → org, team → org (team ⇒ org). Inactive users
/// have no line at all (neither membership nor their own grants); active admins are members of <c>group:admins</c>,
/// which holds Full Control on <c>*</c>.</item>
/// <item><c>g2</c> = role → permission, qualified by the kind of resource set it applies to (<c>c|</c> Swarm on
/// collections; <c>n|</c> namespaced Kubernetes on a namespace; <c>a|</c> any Kubernetes on namespace:*), so a
/// pair that is not applicable is a no as in the engine.</item>
/// </list>
/// Why grants are <c>p</c> lines and not <c>g, subject, role, domain</c>: node-casbin's role manager, once a domain
/// pattern is used, copies every role link of every matching domain on each <c>g()</c> call, and memberships must
/// hold in every domain; at 50,000 users that is seconds per decision. This layout keeps each lookup exact.
/// </summary>
public static class CasbinPolicy
{
    public const string Admins = "group:admins";

    public const string ModelConf = """
        [request_definition]
        r = sub, dom, act

        [policy_definition]
        p = sub, role, dom

        [role_definition]
        g = _, _
        g2 = _, _

        [policy_effect]
        e = some(where (p.eft == allow))

        [matchers]
        m = keyMatch(r.dom, p.dom) && g(r.sub, p.sub) && g2(p.role, r.act)
        """;

    public static string Domain(BenchResource r) => r.Kind switch
    {
        ResourceKind.Collection => r.Name == "/" ? "c:/" : $"c:{r.Name}/",
        ResourceKind.Namespace => $"n:{r.Name}",
        _ => "n:*",
    };

    /// <summary>The keyMatch pattern of a grant on a collection: the collection and everything under it.</summary>
    public static string CollectionPattern(string path) => path == "/" ? "c:/*" : $"c:{path}/*";

    public static string Action(string permission, ResourceKind kind) =>
        (kind switch { ResourceKind.Collection => "c|", ResourceKind.Namespace => "n|", _ => "a|" }) + permission;

    public static string Subject(UserInfo u) => "user:" + u.UserName;

    public static void Write(AccessModel m, TextWriter w)
    {
        var index = new ModelIndex(m);
        var inactive = m.Users.Where(u => !u.Active).Select(u => u.Id).ToHashSet();

        foreach (var g in m.Grants)
        {
            if (g.SubjectKind == SubjectKind.User && inactive.Contains(g.SubjectId)) continue;
            var domain = g.ResourceKind switch
            {
                ResourceKind.Collection => CollectionPattern(index.PathOf(g.CollectionId!)),
                ResourceKind.Namespace => $"n:{index.Namespace(g.NamespaceId!.Value)!.Name}",
                _ => "n:*",
            };
            w.Write($"p, {index.SubjectRefOf(g.SubjectKind, g.SubjectId)}, role:{g.RoleId}, {domain}\n");
        }
        w.Write($"p, {Admins}, role:{BuiltInRoles.FullControl}, *\n");

        foreach (var u in m.Users.Where(u => u.Active && u.IsAdmin)) w.Write($"g, {Subject(u)}, {Admins}\n");
        foreach (var t in m.Teams) w.Write($"g, {index.SubjectRefOf(SubjectKind.Team, t.Id)}, {index.SubjectRefOf(SubjectKind.Org, t.OrgId)}\n");
        foreach (var tm in m.TeamMembers.Where(x => !inactive.Contains(x.UserId)))
            w.Write($"g, user:{index.User(tm.UserId)!.UserName}, {index.SubjectRefOf(SubjectKind.Team, tm.TeamId)}\n");
        foreach (var om in m.OrgMembers.Where(x => !inactive.Contains(x.UserId)))
            w.Write($"g, user:{index.User(om.UserId)!.UserName}, {index.SubjectRefOf(SubjectKind.Org, om.OrgId)}\n");

        var catalog = PermissionCatalog.Default;
        var roleIds = m.Roles.Select(r => r.Id).Concat(BuiltInRoles.All.Select(r => r.Id)).Distinct();
        foreach (var roleId in roleIds)
        {
            var permissions = index.Role(roleId)?.Permissions ?? BuiltInRoles.All.First(r => r.Id == roleId).Permissions;
            foreach (var id in permissions.Distinct())
            {
                if (!catalog.TryGet(id, out var p)) continue;
                if (p.Kind == PermissionKind.Swarm) w.Write($"g2, role:{roleId}, {Action(id, ResourceKind.Collection)}\n");
                else
                {
                    if (!p.ClusterScoped) w.Write($"g2, role:{roleId}, {Action(id, ResourceKind.Namespace)}\n");
                    w.Write($"g2, role:{roleId}, {Action(id, ResourceKind.AllNamespaces)}\n");
                }
            }
        }
    }
}
