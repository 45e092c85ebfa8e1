using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Generation;

/// <summary>A resource set as every peer names it: the engine's reference, the database's ids, the path.</summary>
public sealed record BenchResource(ResourceKind Kind, string? CollectionId, Guid? NamespaceId, string Name)
{
    public ResourceRef Ref => Kind switch
    {
        ResourceKind.Collection => ResourceRef.Collection(Name),
        ResourceKind.Namespace => ResourceRef.Namespace(Name),
        _ => ResourceRef.AllNamespaces,
    };
}

public readonly record struct CheckQuestion(int User, string Permission, int Resource);
public readonly record struct WhoCanQuestion(string Permission, int Resource);

/// <summary>
/// Questions drawn from a seed: "random user, permission, resource", always an applicable pair (a pair that is not
/// applicable is a constant no for every peer). Half are uniform; half start from a grant that reaches the user, so
/// that the yes answers and the walk up the tree are exercised too.
/// </summary>
public sealed class Questions
{
    public required IReadOnlyList<BenchResource> Resources { get; init; }
    public required CheckQuestion[] Checks { get; init; }
    public required WhoCanQuestion[] WhoCan { get; init; }
    public required int[] EffectiveUsers { get; init; }

    public static Questions Draw(AccessModel m, int seed, int checks, int whoCan, int effective)
    {
        var rng = new Random(seed);
        var index = new ModelIndex(m);
        var catalog = PermissionCatalog.Default.All;
        var swarm = catalog.Where(p => p.Kind == PermissionKind.Swarm).Select(p => p.Id).ToArray();
        var namespaced = catalog.Where(p => p.Kind == PermissionKind.Kubernetes && !p.ClusterScoped).Select(p => p.Id).ToArray();
        var kubernetes = catalog.Where(p => p.Kind == PermissionKind.Kubernetes).Select(p => p.Id).ToArray();
        var applicable = new Dictionary<ResourceKind, HashSet<string>>
        {
            [ResourceKind.Collection] = [.. swarm], [ResourceKind.Namespace] = [.. namespaced], [ResourceKind.AllNamespaces] = [.. kubernetes],
        };

        var resources = new List<BenchResource>();
        var collectionIndex = new Dictionary<string, int>();
        foreach (var c in m.Collections) { collectionIndex[c.Id] = resources.Count; resources.Add(new(ResourceKind.Collection, c.Id, null, index.PathOf(c.Id))); }
        var namespaceIndex = new Dictionary<Guid, int>();
        foreach (var n in m.Namespaces) { namespaceIndex[n.Id] = resources.Count; resources.Add(new(ResourceKind.Namespace, null, n.Id, n.Name)); }
        var all = resources.Count;
        resources.Add(new(ResourceKind.AllNamespaces, null, null, "*"));
        var nsCount = m.Namespaces.Length;

        int RandomResource()
        {
            var x = rng.NextDouble();
            return x < 0.85 || nsCount == 0 ? rng.Next(m.Collections.Length) : x < 0.97 ? m.Collections.Length + rng.Next(nsCount) : all;
        }
        var rolePermissions = m.Roles.ToDictionary(r => r.Id, r => r.Permissions);
        string Permission(int r, string? roleId)
        {
            var ok = applicable[resources[r].Kind];
            var role = roleId ?? (rng.NextDouble() < 0.5 ? m.Roles[rng.Next(m.Roles.Length)].Id : null);
            if (role is not null && rng.NextDouble() < 0.7)
            {
                var from = rolePermissions[role].Where(ok.Contains).ToArray();
                if (from.Length > 0) return from[rng.Next(from.Length)];
            }
            var pool = resources[r].Kind switch { ResourceKind.Collection => swarm, ResourceKind.Namespace => namespaced, _ => kubernetes };
            return pool[rng.Next(pool.Length)];
        }

        var cover = CoverOf(m);
        var grantsBySubject = m.Grants.ToLookup(g => g.SubjectId);
        var checkList = new CheckQuestion[checks];
        for (var q = 0; q < checks; q++)
        {
            var u = rng.Next(m.Users.Length);
            var reaching = rng.NextDouble() < 0.5 ? cover[u].SelectMany(s => grantsBySubject[s]).ToList() : [];
            if (reaching.Count == 0)
            {
                var r = RandomResource();
                checkList[q] = new(u, Permission(r, null), r);
                continue;
            }
            var g = reaching[rng.Next(reaching.Count)];
            int target;
            if (g.ResourceKind == ResourceKind.Collection)
            {
                var c = g.CollectionId!;
                for (var steps = rng.Next(4); steps > 0 && index.ChildrenOf(c) is { Count: > 0 } children; steps--)
                    c = children[rng.Next(children.Count)];
                target = collectionIndex[c];
            }
            else if (g.ResourceKind == ResourceKind.Namespace) target = namespaceIndex[g.NamespaceId!.Value];
            else target = rng.NextDouble() < 0.5 || nsCount == 0 ? all : m.Collections.Length + rng.Next(nsCount);
            checkList[q] = new(u, Permission(target, g.RoleId), target);
        }

        var who = new WhoCanQuestion[whoCan];
        for (var q = 0; q < whoCan; q++)
        {
            var r = RandomResource();
            who[q] = new(Permission(r, null), r);
        }
        var effectiveUsers = Enumerable.Range(0, effective).Select(_ => rng.Next(m.Users.Length)).ToArray();
        return new Questions { Resources = resources, Checks = checkList, WhoCan = who, EffectiveUsers = effectiveUsers };
    }

    /// <summary>Per user (by index): its own id, its teams' ids and its orgs' ids.</summary>
    private static List<Guid>[] CoverOf(AccessModel m)
    {
        var userIndex = new Dictionary<Guid, int>(m.Users.Length);
        for (var i = 0; i < m.Users.Length; i++) userIndex[m.Users[i].Id] = i;
        var cover = m.Users.Select(u => new List<Guid> { u.Id }).ToArray();
        foreach (var tm in m.TeamMembers) cover[userIndex[tm.UserId]].Add(tm.TeamId);
        foreach (var om in m.OrgMembers) cover[userIndex[om.UserId]].Add(om.OrgId);
        return cover;
    }
}
