using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>Build-time interning of roles to bit sets over the catalog, and the applicability masks.</summary>
internal sealed class Permissions
{
    private readonly int words;
    private readonly PermissionCatalog catalog;
    private readonly Dictionary<string, int> roleIndex = new(StringComparer.Ordinal);
    private readonly List<ulong[]> bits = [];
    public List<string> Ids { get; } = [];
    public required ulong[] SwarmMask { get; init; }
    public required ulong[] NamespacedMask { get; init; }
    public required ulong[] KubernetesMask { get; init; }
    public required int[] InIdOrder { get; init; }

    private Permissions(PermissionCatalog catalog, int words)
    {
        this.catalog = catalog;
        this.words = words;
    }

    public static Permissions Build(AccessModel model, PermissionCatalog catalog, int words)
    {
        ulong[] Mask(Func<Permission, bool> where)
        {
            var m = new ulong[words];
            for (var i = 0; i < catalog.Count; i++)
                if (where(catalog.All[i])) m[i >> 6] |= 1UL << i;
            return m;
        }
        var p = new Permissions(catalog, words)
        {
            SwarmMask = Mask(x => x.Kind == PermissionKind.Swarm),
            NamespacedMask = Mask(x => x.Kind == PermissionKind.Kubernetes && !x.ClusterScoped),
            KubernetesMask = Mask(x => x.Kind == PermissionKind.Kubernetes),
            InIdOrder = [.. Enumerable.Range(0, catalog.Count).OrderBy(i => catalog.All[i].Id, StringComparer.Ordinal)],
        };
        foreach (var r in model.Roles) p.Add(r.Id, r.Permissions);
        // A model without the built-in role rows still answers for grants that use them.
        foreach (var r in BuiltInRoles.All)
            if (!p.roleIndex.ContainsKey(r.Id)) p.Add(r.Id, r.Permissions);
        return p;
    }

    private int Add(string id, IEnumerable<string> permissionIds)
    {
        if (roleIndex.TryGetValue(id, out var existing)) return existing;
        var set = new ulong[words];
        foreach (var pid in permissionIds)
        {
            var i = catalog.IndexOf(pid); // ids outside the catalog are ignored
            if (i >= 0) set[i >> 6] |= 1UL << i;
        }
        roleIndex[id] = bits.Count;
        bits.Add(set);
        Ids.Add(id);
        return bits.Count - 1;
    }

    /// <summary>The index of a role; an id that names no role becomes a role with no permission.</summary>
    public int RoleIndex(string id) => roleIndex.TryGetValue(id, out var i) ? i : Add(id, []);

    public ulong[] Bits()
    {
        var all = new ulong[bits.Count * words];
        for (var r = 0; r < bits.Count; r++) bits[r].CopyTo(all, r * words);
        return all;
    }
}
