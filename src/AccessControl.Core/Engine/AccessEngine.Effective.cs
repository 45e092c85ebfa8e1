using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    // A reached (resource set, grant) pair packed into one sortable key: the resource's rank in reference order, then
    // the distance from the grant's resource set, then the grant index (grant-id order): sorting the keys sorts the
    // entries by reference and each entry's grants nearest first, then by grant id.
    private const int GrantBits = 34, DistanceBits = 6;

    /// <summary>
    /// Every resource set on which <paramref name="subject"/> holds at least one applicable permission, inherited
    /// ones included (each descendant of a granted collection; each namespace, and namespace:* itself, under a grant on
    /// namespace:*), sorted by reference, with the sorted union of permissions and the grants behind it.
    /// An active admin holds every applicable permission everywhere (no grants listed); an inactive user holds nothing.
    /// For <c>team:</c> and <c>org:</c> subjects see the class remarks.
    /// </summary>
    /// <remarks>
    /// The walk collects one packed key per reached pair in a pooled buffer and sorts it once; entries under the same
    /// grants share their permission list and their explanation, so a row costs its <see cref="EffectiveEntry"/>.
    /// </remarks>
    public EffectiveResult Effective(SubjectRef subject)
    {
        var s = ResolveSubject(subject);
        var self = data.SubjectRefs[s];
        bool isUser = data.IsUser(s), isAdmin = isUser && data.UserAdmin[s];
        if (isUser && !data.UserActive[s]) return new EffectiveResult(self, isAdmin, false, []);
        if (isAdmin) return new EffectiveResult(self, true, true, AdminEntries());
        if (data.ResourceCount >= 1 << (63 - GrantBits - DistanceBits) || data.MaxDepth >= 1 << DistanceBits)
            throw new InvalidOperationException("The model is beyond the sizes the effective walk packs into its keys.");

        var keys = new KeyBuffer();
        var stack = ArrayPool<int>.Shared.Rent(64);
        try
        {
            foreach (var c in data.Cover[s])
                foreach (var g in data.GrantsBySubject[c])
                {
                    var on = data.GrantResource[g];
                    var role = data.GrantRole[g];
                    switch (data.KindOf(on))
                    {
                        case ResourceKind.Collection:
                            // Whether a grant gives anything that applies depends only on the kind (the none role, or
                            // Kubernetes on a collection give nothing): one test per grant, not per resource.
                            if (Gives(role, ResourceKind.Collection)) Reach(ref keys, ref stack, g, on);
                            break;
                        case ResourceKind.Namespace:
                            if (Gives(role, ResourceKind.Namespace)) keys.Add(Key(on, 0, g));
                            break;
                        default:
                            if (Gives(role, ResourceKind.Namespace))
                                for (var ns = data.CollectionCount; ns < data.AllNamespaces; ns++) keys.Add(Key(ns, 1, g));
                            if (Gives(role, ResourceKind.AllNamespaces)) keys.Add(Key(on, 0, g));
                            break;
                    }
                }
            return new EffectiveResult(self, false, true, Entries(keys.Span));
        }
        finally
        {
            keys.Dispose();
            ArrayPool<int>.Shared.Return(stack);
        }
    }

    private long Key(int resource, int distance, int grant) =>
        ((long)data.ResourceOrder[resource] << (GrantBits + DistanceBits)) | ((long)distance << GrantBits) | (uint)grant;

    private bool Gives(int role, ResourceKind kind)
    {
        var bits = data.RoleMask(role);
        var applicable = data.ApplicableMask(kind);
        for (var w = 0; w < bits.Length; w++)
            if ((bits[w] & applicable[w]) != 0) return true;
        return false;
    }

    /// <summary>A grant on collection <paramref name="top"/> reaches it and all its descendants.</summary>
    private void Reach(ref KeyBuffer keys, ref int[] stack, int g, int top)
    {
        var n = 0;
        stack[n++] = top;
        var topDepth = data.Depth[top];
        while (n > 0)
        {
            var x = stack[--n];
            keys.Add(Key(x, data.Depth[x] - topDepth, g));
            var children = data.Children[x];
            if (n + children.Length > stack.Length)
            {
                var larger = ArrayPool<int>.Shared.Rent(Math.Max(stack.Length * 2, n + children.Length));
                stack.AsSpan(0, n).CopyTo(larger);
                ArrayPool<int>.Shared.Return(stack);
                stack = larger;
            }
            children.CopyTo(stack.AsSpan(n));
            n += children.Length;
        }
    }

    /// <summary>The sorted keys grouped into entries; permission lists and explanations shared between entries.</summary>
    private ImmutableArray<EffectiveEntry> Entries(Span<long> keys)
    {
        keys.Sort();
        var count = 0;
        for (var i = 0; i < keys.Length; i++)
            if (i == 0 || keys[i] >> (GrantBits + DistanceBits) != keys[i - 1] >> (GrantBits + DistanceBits)) count++;

        var entries = new EffectiveEntry[count];
        var permissionsByMask = new Dictionary<ulong[], ImmutableArray<string>>(MaskComparer.Instance);
        var single = new Dictionary<long, ImmutableArray<Because>>(); // (grant, inherited or not) → [its because]
        var lists = new Dictionary<BecauseKey, ImmutableArray<Because>>();
        var mask = new ulong[data.Words];
        var grants = new List<long>();
        var e = 0;
        for (var i = 0; i < keys.Length;)
        {
            var rank = keys[i] >> (GrantBits + DistanceBits);
            var r = data.ResourceByOrder[rank];
            var applicable = data.ApplicableMask(data.KindOf(r));
            Array.Clear(mask);
            grants.Clear();
            for (; i < keys.Length && keys[i] >> (GrantBits + DistanceBits) == rank; i++)
            {
                var g = (int)(keys[i] & ((1L << GrantBits) - 1));
                var inherited = (keys[i] >> GrantBits & ((1L << DistanceBits) - 1)) != 0;
                var role = data.RoleMask(data.GrantRole[g]);
                for (var w = 0; w < mask.Length; w++) mask[w] |= role[w] & applicable[w];
                grants.Add(((long)g << 1) | (inherited ? 1L : 0));
            }
            if (!permissionsByMask.TryGetValue(mask, out var permissions))
                permissionsByMask[(ulong[])mask.Clone()] = permissions = PermissionIds(mask);
            ImmutableArray<Because> because;
            if (grants.Count == 1)
            {
                if (!single.TryGetValue(grants[0], out because)) single[grants[0]] = because = [BecauseOf(grants[0])];
            }
            else
            {
                var key = new BecauseKey([.. grants]);
                if (!lists.TryGetValue(key, out because)) lists[key] = because = [.. grants.Select(BecauseOf)];
            }
            entries[e++] = new EffectiveEntry(data.ResourceRefs[r], permissions, because);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(entries);
    }

    private Because BecauseOf(long grantAndInherited)
    {
        var g = (int)(grantAndInherited >> 1);
        return BecauseOf(g, (grantAndInherited & 1) == 0 ? null : data.ResourceRefs[data.GrantResource[g]]);
    }

    /// <summary>A list of (grant, inherited) compared by content, to share explanations between entries.</summary>
    private readonly struct BecauseKey(long[] grants) : IEquatable<BecauseKey>
    {
        private readonly long[] grants = grants;
        public bool Equals(BecauseKey other) => grants.AsSpan().SequenceEqual(other.grants);
        public override bool Equals(object? obj) => obj is BecauseKey k && Equals(k);
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (var x in grants) h.Add(x);
            return h.ToHashCode();
        }
    }

    /// <summary>A growable buffer of keys rented from the shared pool.</summary>
    private struct KeyBuffer : IDisposable
    {
        private long[] items;
        private int count;

        public KeyBuffer() => items = ArrayPool<long>.Shared.Rent(1024);

        public readonly Span<long> Span => items.AsSpan(0, count);

        public void Add(long key)
        {
            if (count == items.Length)
            {
                var larger = ArrayPool<long>.Shared.Rent(items.Length * 2);
                items.AsSpan().CopyTo(larger);
                ArrayPool<long>.Shared.Return(items);
                items = larger;
            }
            items[count++] = key;
        }

        public void Dispose() => ArrayPool<long>.Shared.Return(items);
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
        for (var rank = 0; rank < entries.Length; rank++)
        {
            var r = data.ResourceByOrder[rank];
            var kind = data.KindOf(r);
            if (!byKind.TryGetValue(kind, out var ids)) byKind[kind] = ids = PermissionIds(data.ApplicableMask(kind));
            entries[rank] = new EffectiveEntry(data.ResourceRefs[r], ids, []);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(entries);
    }
}
