using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.ModelDocument;

internal sealed partial class ModelValidation
{
    private static readonly StringComparer IgnoreCase = StringComparer.OrdinalIgnoreCase;

    /// <summary>Normalized path → path of the built-in collections; they always exist and are never created or removed.</summary>
    private static readonly Dictionary<string, string> BuiltInPaths = new(StringComparer.Ordinal)
    {
        ["/"] = "/", ["/SYSTEM"] = "/System", ["/SHARED"] = "/Shared", ["/SHARED/PRIVATE"] = "/Shared/Private", ["/SHARED/LEGACY"] = "/Shared/Legacy",
    };

    private void Roles(IReadOnlyList<ModelRole?> roles)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < roles.Count; i++)
        {
            var f = $"roles[{i}]";
            if (roles[i] is not { } r) { v.Add(f, "A role must be an object {name, description, permissions}."); continue; }
            if (BuiltInRoles.All.FirstOrDefault(b => b.Id == r.Id || IgnoreCase.Equals(b.Id, r.Name) || IgnoreCase.Equals(b.Name, r.Name)) is { } builtIn)
            {
                if (r.Name is not null && !IgnoreCase.Equals(r.Name, builtIn.Name) && !IgnoreCase.Equals(r.Name, builtIn.Id))
                    v.Add(f + ".name", $"The built-in role '{builtIn.Id}' is named '{builtIn.Name}'; built-in roles cannot be renamed.");
                if (r.Permissions is not null && !r.Permissions.ToHashSet().SetEquals(builtIn.Permissions))
                    v.Add(f + ".permissions", $"The built-in role '{builtIn.Id}' cannot be changed: list it with its own permissions, or leave it out.");
                continue;
            }
            if (Names.ValidateRoleName(r.Name) is { } error) { v.Add(f + ".name", error); continue; }
            v.Check(f + ".description", r.Description is { Length: > 1000 } ? "The description must be at most 1000 characters." : null);
            var norm = Names.Normalize(r.Name!);
            if (first.TryGetValue(norm, out var j))
            {
                v.Add(f + ".name", $"'{r.Name}' duplicates roles[{j}].name ('{roles[j]!.Name}'): role names are compared without case.");
                continue;
            }
            first[norm] = i;
            var permissions = new SortedSet<string>(StringComparer.Ordinal);
            var list = r.Permissions ?? [];
            for (var k = 0; k < list.Count; k++)
            {
                if (list[k] is { } p && catalog.Contains(p)) permissions.Add(p);
                else v.Add($"{f}.permissions[{k}]", $"'{list[k]}' is not a permission of the catalog (see GET /api/v1/operations).");
            }
            t.Roles[norm] = new TargetRole(r.Name!, Empty(r.Description), [.. permissions]);
        }
    }

    private sealed class PathNode(string name, string parent, int depth, int? listedAt)
    {
        public string Name { get; set; } = name;
        public string Parent { get; } = parent;
        public int Depth { get; } = depth;
        public int? ListedAt { get; set; } = listedAt;
    }

    /// <summary>Paths imply their parents. An implied parent takes the spelling of its first mention, unless it is listed itself.</summary>
    private void Collections(IReadOnlyList<string?> paths)
    {
        var nodes = new Dictionary<string, PathNode>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var f = $"collections[{i}]";
            var path = paths[i];
            if (path is null || !path.StartsWith('/')) { v.Add(f, "A collection is listed by its path, such as /prod/api."); continue; }
            if (path == "/") continue;
            var segments = (path.Length > 1 && path.EndsWith('/') ? path.TrimEnd('/') : path)[1..].Split('/');
            if (segments.Select(Names.ValidateCollection).FirstOrDefault(e => e is not null) is { } error) { v.Add(f, $"'{path}': {error}"); continue; }
            if (segments.Length > Names.MaxCollectionDepth) { v.Add(f, $"'{path}' is deeper than {Names.MaxCollectionDepth} levels."); continue; }
            var parent = "/";
            for (var k = 0; k < segments.Length; k++)
            {
                var norm = (parent == "/" ? "/" : parent + "/") + Names.Normalize(segments[k]);
                var last = k == segments.Length - 1;
                if (BuiltInPaths.ContainsKey(norm)) { parent = norm; continue; }
                if (!nodes.TryGetValue(norm, out var node)) nodes[norm] = new PathNode(segments[k], parent, k + 1, last ? i : null);
                else if (last && node.ListedAt is { } j)
                    v.Add(f, $"'{path}' is listed twice (as collections[{j}] '{paths[j]}'): collection names are compared without case.");
                else if (last) { node.ListedAt = i; node.Name = segments[k]; }
                parent = norm;
            }
        }
        var display = new Dictionary<string, string>(BuiltInPaths, StringComparer.Ordinal);
        foreach (var (norm, node) in nodes.OrderBy(n => n.Value.Depth).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            var path = display[norm] = (node.Parent == "/" ? "/" : display[node.Parent] + "/") + node.Name;
            t.Collections.Add(new TargetCollection(path, norm, node.Parent, node.Name));
        }
    }

    private void Grants(IReadOnlyList<ModelGrant?> grants)
    {
        var collections = t.Collections.Select(c => c.NormalizedPath).Concat(BuiltInPaths.Keys).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < grants.Count; i++)
        {
            var f = $"grants[{i}]";
            if (grants[i] is not { } g) { v.Add(f, "A grant must be an object {subject, role, resource}."); continue; }
            var subject = ResolveSubject(g.Subject, f + ".subject");
            var role = ResolveRole(g.Role, f + ".role");
            (ResourceKind Kind, string Key)? resource = null;
            if (!ResourceRef.TryParse(g.Resource, out var r))
                v.Add(f + ".resource", $"'{g.Resource}' is not a resource reference; expected collection:<path>, namespace:<name> or namespace:*.");
            else if (r.Kind == ResourceKind.Collection && collections.Contains(Names.Normalize(r.Name))) resource = (r.Kind, Names.Normalize(r.Name));
            else if (r.Kind == ResourceKind.Namespace && t.Namespaces.Contains(r.Name)) resource = (r.Kind, r.Name);
            else if (r.Kind == ResourceKind.AllNamespaces) resource = (r.Kind, "*");
            else v.Add(f + ".resource", $"'{g.Resource}' is not a built-in collection nor one of the document's collections or namespaces.");
            if (subject is { } s && role is { } ro && resource is { } re) t.Grants.Add(new TargetGrant(s.Kind, s.Key, ro, re.Kind, re.Key));
        }
    }

    private (SubjectKind Kind, string Key)? ResolveSubject(string? text, string field)
    {
        if (!SubjectRef.TryParse(text, out var s))
        {
            v.Add(field, $"'{text}' is not a subject reference; expected user:<userName>, team:<org>/<team>, org:<org> or serviceaccount:<namespace>/<name>.");
            return null;
        }
        var found = s.Kind switch
        {
            SubjectKind.User => t.Users.ContainsKey(Names.Normalize(s.Name)),
            SubjectKind.Org => t.Orgs.ContainsKey(s.Name),
            SubjectKind.Team => s.Split() is var (org, team) && t.Orgs.TryGetValue(org, out var o) && o.Teams.ContainsKey(team),
            _ => t.ServiceAccounts.Contains(s.Split()),
        };
        if (!found) { v.Add(field, $"'{text}' names no {SubjectRef.Prefix(s.Kind)} of the document."); return null; }
        return (s.Kind, s.Kind == SubjectKind.User ? Names.Normalize(s.Name) : s.Name);
    }

    /// <summary>A built-in role by id or name, a custom role of the document by name, or an existing custom role by id.</summary>
    private string? ResolveRole(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) { v.Add(field, "A role is required (a built-in role id, or a role name)."); return null; }
        if (BuiltInRoles.All.FirstOrDefault(b => IgnoreCase.Equals(b.Id, text) || IgnoreCase.Equals(b.Name, text)) is { } builtIn) return builtIn.Id;
        if (t.Roles.ContainsKey(Names.Normalize(text))) return RoleKey.Custom(text);
        if (customRoleNamesById.TryGetValue(text, out var norm) && t.Roles.ContainsKey(norm)) return "custom:" + norm;
        v.Add(field, $"'{text}' names no role: neither a built-in role nor one of the document's roles.");
        return null;
    }

    private void Settings(ModelSettings? settings)
    {
        if (settings is null) return;
        if (settings.DefaultNewUserRole is { } role && ResolveRole(role, "settings.defaultNewUserRole") is { } key)
            t.Settings[SettingKeys.DefaultNewUserRole] = key;
        if (settings.DefaultOrganization is { } org)
        {
            if (Names.ValidateOrgOrTeam(org, "defaultOrganization") is { } error) v.Add("settings.defaultOrganization", error);
            else t.Settings[SettingKeys.DefaultOrganization] = org;
        }
    }
}
