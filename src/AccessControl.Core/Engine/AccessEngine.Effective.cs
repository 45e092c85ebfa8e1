using System.Collections.Immutable;
using System.Runtime.InteropServices;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    /// <summary>
    /// Every resource set on which <paramref name="subject"/> holds at least one applicable permission, inherited
    /// ones included (each descendant of a granted collection; each namespace, and namespace:* itself, under a grant on
    /// namespace:*), sorted by reference, with the sorted union of permissions and the grants behind it.
    /// An active admin holds every applicable permission everywhere (no grants listed); an inactive user holds nothing.
    /// For <c>team:</c> and <c>org:</c> subjects see the class remarks.
    /// </summary>
    public EffectiveResult Effective(SubjectRef subject)
    {
        var s = ResolveSubject(subject);
        var self = data.SubjectRefs[s];
        bool isUser = data.IsUser(s), isAdmin = isUser && data.UserAdmin[s];
        if (isUser && !data.UserActive[s]) return new EffectiveResult(self, isAdmin, false, []);
        if (isAdmin) return new EffectiveResult(self, true, true, AdminEntries());

        var acc = new Dictionary<int, Accumulated>();
        foreach (var c in data.Cover[s])
            foreach (var g in data.GrantsBySubject[c])
            {
                var on = data.GrantResource[g];
                switch (data.KindOf(on))
                {
                    case ResourceKind.Collection:
                        Reach(acc, g, on, on);
                        break;
                    case ResourceKind.Namespace:
                        Add(acc, g, on, 0);
                        break;
                    default:
                        for (var ns = data.CollectionCount; ns < data.AllNamespaces; ns++) Add(acc, g, ns, 1);
                        Add(acc, g, on, 0);
                        break;
                }
            }

        // Sorted by reference through the precomputed ordinal ranks; entries under one grant share a permission set,
        // so each distinct set becomes its list of ids once.
        var order = new int[acc.Count];
        var resources = new int[acc.Count];
        var n = 0;
        foreach (var r in acc.Keys) { order[n] = data.ResourceOrder[r]; resources[n++] = r; }
        Array.Sort(order, resources);
        var ids = new Dictionary<ulong[], ImmutableArray<string>>(MaskComparer.Instance);
        var entries = new EffectiveEntry[acc.Count];
        for (var i = 0; i < resources.Length; i++)
        {
            var a = acc[resources[i]];
            a.Grants.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance)
                : data.GrantIds[x.Grant].CompareTo(data.GrantIds[y.Grant]));
            var because = a.Grants.Select(x => BecauseOf(x.Grant, x.Distance == 0 ? null : data.ResourceRefs[data.GrantResource[x.Grant]]));
            if (!ids.TryGetValue(a.Mask, out var permissions)) ids[a.Mask] = permissions = PermissionIds(a.Mask);
            entries[i] = new EffectiveEntry(data.ResourceRefs[resources[i]], permissions, [.. because]);
        }
        return new EffectiveResult(self, false, true, ImmutableCollectionsMarshal.AsImmutableArray(entries));
    }

    /// <summary>Permission bit sets compared by content.</summary>
    private sealed class MaskComparer : IEqualityComparer<ulong[]>
    {
        public static readonly MaskComparer Instance = new();
        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(ulong[] mask)
        {
            var h = new HashCode();
            foreach (var w in mask) h.Add(w);
            return h.ToHashCode();
        }
    }

    private sealed class Accumulated(int words)
    {
        public ulong[] Mask { get; } = new ulong[words];
        public List<(int Distance, int Grant)> Grants { get; } = [];
    }

    /// <summary>A grant on collection <paramref name="top"/> reaches <paramref name="c"/> and all its descendants.</summary>
    private void Reach(Dictionary<int, Accumulated> acc, int g, int top, int c)
    {
        var stack = new Stack<int>();
        stack.Push(c);
        while (stack.Count > 0)
        {
            var x = stack.Pop();
            Add(acc, g, x, data.Depth[x] - data.Depth[top]);
            foreach (var child in data.Children[x]) stack.Push(child);
        }
    }

    private void Add(Dictionary<int, Accumulated> acc, int g, int r, int distance)
    {
        var role = data.RoleMask(data.GrantRole[g]);
        var applicable = data.ApplicableMask(data.KindOf(r));
        var any = false;
        for (var w = 0; w < data.Words && !any; w++) any = (role[w] & applicable[w]) != 0;
        if (!any) return; // the grant gives nothing that applies here (the none role, or Kubernetes on a collection)
        if (!acc.TryGetValue(r, out var a)) acc[r] = a = new Accumulated(data.Words);
        for (var w = 0; w < data.Words; w++) a.Mask[w] |= role[w] & applicable[w];
        a.Grants.Add((distance, g));
    }

    private ImmutableArray<string> PermissionIds(ReadOnlySpan<ulong> mask)
    {
        var ids = ImmutableArray.CreateBuilder<string>();
        foreach (var i in data.PermissionsInIdOrder)
            if ((mask[i >> 6] & (1UL << i)) != 0) ids.Add(Catalog.All[i].Id);
        return ids.ToImmutable();
    }

    private ImmutableArray<EffectiveEntry> AdminEntries()
    {
        var byKind = new Dictionary<ResourceKind, ImmutableArray<string>>();
        var entries = new EffectiveEntry[data.ResourceCount];
        for (var r = 0; r < data.ResourceCount; r++)
        {
            var kind = data.KindOf(r);
            if (!byKind.TryGetValue(kind, out var ids)) byKind[kind] = ids = PermissionIds(data.ApplicableMask(kind));
            entries[r] = new EffectiveEntry(data.ResourceRefs[r], ids, []);
        }
        Array.Sort(entries, (x, y) => string.CompareOrdinal(x.Resource, y.Resource));
        return [.. entries];
    }
}
