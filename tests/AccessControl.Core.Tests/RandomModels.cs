using System.Collections.Immutable;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// Random but valid models from a seed: a collection tree up to depth 6, orgs, teams, memberships that keep the
/// team ⇒ org invariant, service accounts, custom roles as random subsets of the catalog, grants on collections,
/// namespaces and namespace:*, inactive users and admins.
/// </summary>
internal static class RandomModels
{
    private static readonly string[] CollectionNames = ["prod", "Dev", "api", "WEB", "db", "x", "team-a", "a.b", "c_d", "e@f", "Payments"];
    private static readonly PermissionCatalog Catalog = PermissionCatalog.Default;

    public static AccessModel Generate(int seed, int scale = 1)
    {
        var rng = new Random(seed);
        Guid NewId() => new(Enumerable.Range(0, 16).Select(_ => (byte)rng.Next(256)).ToArray());

        var collections = BuiltInCollections.All.ToList();
        var depth = collections.ToDictionary(c => c.Id, c => c.ParentId is null ? 0 : c.ParentId == BuiltInCollections.Root ? 1 : 2);
        for (var i = rng.Next(0, 20 * scale); i > 0; i--)
        {
            var parent = collections[rng.Next(collections.Count)];
            var name = CollectionNames[rng.Next(CollectionNames.Length)];
            if (depth[parent.Id] >= 6 || collections.Any(c => c.ParentId == parent.Id && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
                continue;
            var c = new CollectionInfo($"c{i}", parent.Id, name);
            collections.Add(c);
            depth[c.Id] = depth[parent.Id] + 1;
        }
        var namespaces = Enumerable.Range(0, rng.Next(0, 5)).Select(i => new NamespaceInfo(NewId(), $"ns{i}")).ToList();
        var orgs = Enumerable.Range(0, rng.Next(1, 4)).Select(i => new OrgInfo(NewId(), $"org{i}")).ToList();
        var teams = orgs.SelectMany(o => Enumerable.Range(0, rng.Next(0, 4)).Select(i => new TeamInfo(NewId(), o.Id, $"team{i}"))).ToList();
        var users = Enumerable.Range(0, rng.Next(1, 10 * scale))
            .Select(i => new UserInfo(NewId(), $"User{i}", Active: rng.NextDouble() < 0.85, IsAdmin: rng.NextDouble() < 0.1)).ToList();
        var orgMembers = new List<OrgMemberInfo>();
        var teamMembers = new List<TeamMemberInfo>();
        foreach (var u in users)
        {
            foreach (var o in orgs.Where(_ => rng.NextDouble() < 0.4)) orgMembers.Add(new(o.Id, u.Id, rng.NextDouble() < 0.2));
            foreach (var t in teams.Where(_ => rng.NextDouble() < 0.3))
            {
                teamMembers.Add(new(t.Id, u.Id, false));
                if (!orgMembers.Any(om => om.OrgId == t.OrgId && om.UserId == u.Id)) orgMembers.Add(new(t.OrgId, u.Id, false));
            }
        }
        var accounts = Enumerable.Range(0, rng.Next(0, 4))
            .Select(i => new ServiceAccountInfo(NewId(), namespaces.Count > 0 ? namespaces[rng.Next(namespaces.Count)].Name : "default", $"sa{i}")).ToList();

        // Built-in roles usually present as rows; sometimes left out so the engine's fallback is exercised too.
        var roles = rng.NextDouble() < 0.9 ? BuiltInRoles.All.Select(r => new RoleInfo(r.Id, r.Name, r.Permissions)).ToList() : [];
        for (var i = rng.Next(0, 5); i > 0; i--)
        {
            var density = rng.NextDouble() * 0.4;
            var perms = Catalog.All.Where(_ => rng.NextDouble() < density).Select(p => p.Id).ToList();
            if (rng.NextDouble() < 0.2) perms.Add("bogus.permission"); // outside the catalog: ignored
            roles.Add(new RoleInfo($"custom{i}", $"Custom {i}", [.. perms]));
        }
        var roleIds = roles.Select(r => r.Id).Concat(BuiltInRoles.All.Select(r => r.Id)).Distinct().Append("ghost").ToList();

        var subjects = users.Select(u => (SubjectKind.User, u.Id)).Concat(teams.Select(t => (SubjectKind.Team, t.Id)))
            .Concat(orgs.Select(o => (SubjectKind.Org, o.Id))).Concat(accounts.Select(a => (SubjectKind.ServiceAccount, a.Id))).ToList();
        var grants = new List<GrantInfo>();
        for (var i = rng.Next(0, 30 * scale); i > 0; i--)
        {
            var (kind, id) = subjects[rng.Next(subjects.Count)];
            var role = roleIds[rng.Next(roleIds.Count - (rng.NextDouble() < 0.05 ? 0 : 1))];
            var where = rng.NextDouble();
            var g = where < 0.6 || namespaces.Count == 0 && where < 0.85
                ? new GrantInfo(NewId(), kind, id, role, ResourceKind.Collection, collections[rng.Next(collections.Count)].Id, null)
                : where < 0.85
                    ? new GrantInfo(NewId(), kind, id, role, ResourceKind.Namespace, null, namespaces[rng.Next(namespaces.Count)].Id)
                    : new GrantInfo(NewId(), kind, id, role, ResourceKind.AllNamespaces, null, null);
            if (!grants.Any(x => x with { Id = g.Id } == g)) grants.Add(g);
        }
        return new AccessModel([.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers], [.. accounts],
            [.. roles], [.. collections], [.. namespaces], [.. grants]);
    }

    /// <summary>A permission to ask about: often one a custom role holds, often a cluster-scoped one, else any.</summary>
    public static string PickPermission(Random rng, AccessModel m)
    {
        var x = rng.NextDouble();
        var custom = m.Roles.Where(r => r.Id.StartsWith("custom")).SelectMany(r => r.Permissions).Where(Catalog.Contains).ToList();
        if (x < 0.4 && custom.Count > 0) return custom[rng.Next(custom.Count)];
        var pool = x < 0.55 ? Catalog.All.Where(p => p.ClusterScoped).ToList()
            : x < 0.7 ? Catalog.All.Where(p => p.Kind == PermissionKind.Swarm).ToList() : [.. Catalog.All];
        return pool[rng.Next(pool.Count)].Id;
    }

    /// <summary>Changes the case of some letters: userNames and collection paths are looked up without case.</summary>
    public static string Jumble(Random rng, string s) =>
        rng.NextDouble() < 0.3 ? new string(s.Select(c => rng.NextDouble() < 0.5 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray()) : s;
}
