using System.Text.RegularExpressions;
using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using k8s;
using k8s.Models;

namespace AccessControl.Web.Features.Exports;

/// <summary>
/// The Kubernetes side of the model as RBAC objects that <c>kubectl apply</c> accepts: a ClusterRole per role with
/// Kubernetes permissions (Swarm permissions have no Kubernetes meaning and are left out), a RoleBinding per grant on a
/// namespace, a ClusterRoleBinding per grant on <c>namespace:*</c>, and one binding of the active admins to Full Control.
/// Subjects: users by userName, teams as the group <c>team:&lt;org&gt;:&lt;team&gt;</c>, orgs as <c>org:&lt;org&gt;</c>, service
/// accounts as themselves. Inactive users are left out (Kubernetes cannot express "inactive"); group membership is the
/// identity provider's to assert.
/// </summary>
public static partial class KubernetesExport
{
    private const string RbacGroup = "rbac.authorization.k8s.io";
    private const string Prefix = "accesscontrol:";

    public static IEnumerable<object> Objects(AccessEngine engine)
    {
        var m = engine.Model;
        var index = engine.Index;
        var catalog = engine.Catalog;
        var clusterRoles = new Dictionary<string, string>(StringComparer.Ordinal); // role id -> ClusterRole name
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in m.Roles.OrderBy(r => BuiltInRoles.IsBuiltIn(r.Id) ? 0 : 1).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            var rules = Rules(role.Permissions, catalog);
            if (rules.Count == 0) continue;
            var name = UniqueName(Prefix + Slug(BuiltInRoles.IsBuiltIn(role.Id) ? role.Id : role.Name), usedNames);
            clusterRoles[role.Id] = name;
            yield return new V1ClusterRole
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "ClusterRole",
                Metadata = Meta(name, null, new() { ["accesscontrol/role-id"] = role.Id, ["accesscontrol/role-name"] = role.Name }),
                Rules = rules,
            };
        }

        var admins = m.Users.Where(u => u.Active && u.IsAdmin).OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList();
        if (admins.Count > 0 && clusterRoles.TryGetValue(BuiltInRoles.FullControl, out var full))
            yield return new V1ClusterRoleBinding
            {
                ApiVersion = $"{RbacGroup}/v1", Kind = "ClusterRoleBinding",
                Metadata = Meta(Prefix + "admins", null, new() { ["accesscontrol/reason"] = "AccessControl admins hold every permission" }),
                RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = full },
                Subjects = [.. admins.Select(u => UserSubject(u.UserName))],
            };

        var grants = m.Grants.Where(g => g.ResourceKind != ResourceKind.Collection && clusterRoles.ContainsKey(g.RoleId))
            .Select(g => (Grant: g, Subject: Subject(g, index)))
            .Where(x => x.Subject is not null)
            .OrderBy(x => x.Grant.ResourceKind).ThenBy(x => index.ResourceRefOf(x.Grant), StringComparer.Ordinal).ThenBy(x => x.Grant.Id);
        foreach (var (g, subject) in grants)
        {
            var roleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = clusterRoles[g.RoleId] };
            var annotations = new Dictionary<string, string> { ["accesscontrol/grant-id"] = g.Id.ToString(), ["accesscontrol/subject"] = index.SubjectRefOf(g.SubjectKind, g.SubjectId) };
            var name = $"{Prefix}{g.Id:N}";
            if (g.ResourceKind == ResourceKind.Namespace)
                yield return new V1RoleBinding
                {
                    ApiVersion = $"{RbacGroup}/v1", Kind = "RoleBinding",
                    Metadata = Meta(name, index.Namespace(g.NamespaceId!.Value)!.Name, annotations),
                    RoleRef = roleRef, Subjects = [subject!],
                };
            else
                yield return new V1ClusterRoleBinding
                {
                    ApiVersion = $"{RbacGroup}/v1", Kind = "ClusterRoleBinding",
                    Metadata = Meta(name, null, annotations), RoleRef = roleRef, Subjects = [subject!],
                };
        }
    }

    /// <summary>The role's Kubernetes permissions as policy rules: per API group, resources with the same verbs together.</summary>
    internal static List<V1PolicyRule> Rules(IEnumerable<string> permissions, PermissionCatalog catalog)
    {
        var verbsByResource = permissions.Select(p => catalog.TryGet(p, out var perm) ? perm : null)
            .Where(p => p is { Kind: PermissionKind.Kubernetes })
            .GroupBy(p => (p!.ApiGroup ?? "", p.Resource))
            .ToDictionary(g => g.Key, g => g.Select(p => p!.Action).Distinct().Order(StringComparer.Ordinal).ToList());
        return verbsByResource
            .GroupBy(kv => (kv.Key.Item1, Verbs: string.Join(',', kv.Value)))
            .OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Verbs, StringComparer.Ordinal)
            .Select(g => new V1PolicyRule
            {
                ApiGroups = [g.Key.Item1],
                Resources = [.. g.Select(kv => kv.Key.Resource).Order(StringComparer.Ordinal)],
                Verbs = [.. g.Key.Verbs.Split(',')],
            })
            .ToList();
    }

    private static Rbacv1Subject? Subject(GrantInfo g, ModelIndex index) => g.SubjectKind switch
    {
        SubjectKind.User => index.User(g.SubjectId) is { Active: true } u ? UserSubject(u.UserName) : null,
        SubjectKind.Team => index.Team(g.SubjectId) is { } t
            ? new Rbacv1Subject { ApiGroup = RbacGroup, Kind = "Group", Name = $"team:{index.Org(t.OrgId)!.Name}:{t.Name}" } : null,
        SubjectKind.Org => index.Org(g.SubjectId) is { } o ? new Rbacv1Subject { ApiGroup = RbacGroup, Kind = "Group", Name = $"org:{o.Name}" } : null,
        _ => index.ServiceAccount(g.SubjectId) is { } s ? new Rbacv1Subject { Kind = "ServiceAccount", Name = s.Name, NamespaceProperty = s.Namespace } : null,
    };

    private static Rbacv1Subject UserSubject(string userName) => new() { ApiGroup = RbacGroup, Kind = "User", Name = userName };

    private static V1ObjectMeta Meta(string name, string? ns, Dictionary<string, string> annotations) => new()
    {
        Name = name, NamespaceProperty = ns,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "accesscontrol" },
        Annotations = annotations,
    };

    [GeneratedRegex("[^a-z0-9.-]+")] private static partial Regex NotDns();

    /// <summary>A role name as a DNS-subdomain-friendly name part ("View & Use Networks" → "view-use-networks").</summary>
    internal static string Slug(string name)
    {
        var slug = NotDns().Replace(name.ToLowerInvariant(), "-").Trim('-', '.');
        return slug.Length == 0 ? "role" : slug.Length > 200 ? slug[..200] : slug;
    }

    private static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++) candidate = $"{name}-{n}";
        return candidate;
    }
}
