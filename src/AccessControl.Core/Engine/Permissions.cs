using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// Roles interned to bit sets over the catalog (Words ulongs per role at Bits[role * Words]), and the applicability
/// masks. Role ids a grant names but the model lacks become roles without permissions (<see cref="IndexOf"/>).
/// </summary>
internal sealed class Permissions
{
    private readonly Dictionary<string, int> roleIndex;
    private readonly List<string> ids;
    private ulong[] bits;
    private readonly PermissionCatalog catalog;
    public int Words { get; }
    public ulong[] SwarmMask { get; }
    public ulong[] NamespacedMask { get; }
    public ulong[] KubernetesMask { get; }
    public int[] InIdOrder { get; }

    private Permissions(PermissionCatalog catalog, int words, Permissions? masksFrom)
    {
        this.catalog = catalog;
        Words = words;
        roleIndex = new(StringComparer.Ordinal);
        ids = [];
        bits = [];
        ulong[] Mask(Func<Permission, bool> where)
        {
            var m = new ulong[words];
            for (var i = 0; i < catalog.Count; i++)
                if (where(catalog.All[i])) m[i >> 6] |= 1UL << i;
            return m;
        }
        SwarmMask = masksFrom?.SwarmMask ?? Mask(x => x.Kind == PermissionKind.Swarm);
        NamespacedMask = masksFrom?.NamespacedMask ?? Mask(x => x.Kind == PermissionKind.Kubernetes && !x.ClusterScoped);
        KubernetesMask = masksFrom?.KubernetesMask ?? Mask(x => x.Kind == PermissionKind.Kubernetes);
        InIdOrder = masksFrom?.InIdOrder ?? [.. Enumerable.Range(0, catalog.Count).OrderBy(i => catalog.All[i].Id, StringComparer.Ordinal)];
    }

    /// <summary>The roles of <paramref name="model"/>; the catalog masks are taken from <paramref name="previous"/> when given.</summary>
    public static Permissions Build(AccessModel model, PermissionCatalog catalog, Permissions? previous = null)
    {
        var p = new Permissions(catalog, (catalog.Count + 63) / 64, previous);
        var all = new List<ulong[]>();
        foreach (var r in model.Roles) p.Add(r.Id, r.Permissions, all);
        // A model without the built-in role rows still answers for grants that use them.
        foreach (var r in BuiltInRoles.All)
            if (!p.roleIndex.ContainsKey(r.Id)) p.Add(r.Id, r.Permissions, all);
        p.bits = new ulong[all.Count * p.Words];
        for (var i = 0; i < all.Count; i++) all[i].CopyTo(p.bits, i * p.Words);
        return p;
    }

    private void Add(string id, IEnumerable<string> permissionIds, List<ulong[]> into)
    {
        if (roleIndex.ContainsKey(id)) return;
        var set = new ulong[Words];
        foreach (var pid in permissionIds)
        {
            var i = catalog.IndexOf(pid); // ids outside the catalog are ignored
            if (i >= 0) set[i >> 6] |= 1UL << i;
        }
        roleIndex[id] = ids.Count;
        ids.Add(id);
        into.Add(set);
    }

    public bool Knows(string id) => roleIndex.ContainsKey(id);

    /// <summary>The index of a role; an id that names no role becomes a role with no permission. Build time only.</summary>
    public int IndexOf(string id)
    {
        if (roleIndex.TryGetValue(id, out var i)) return i;
        roleIndex[id] = ids.Count;
        ids.Add(id);
        Array.Resize(ref bits, bits.Length + Words);
        return ids.Count - 1;
    }

    /// <summary>A copy that <see cref="IndexOf"/> can extend without changing this one (which a live engine reads).</summary>
    public Permissions Fork()
    {
        var p = new Permissions(catalog, Words, this);
        foreach (var (k, v) in roleIndex) p.roleIndex[k] = v;
        p.ids.AddRange(ids);
        p.bits = bits;
        return p;
    }

    public ulong[] Bits => bits;
    public string[] Ids => [.. ids];
}
