using System.Collections.Frozen;
using System.Collections.Immutable;

namespace AccessControl.Core.Catalog;

/// <summary>The permission catalog: every Swarm operation and option and every Kubernetes resource × verb.</summary>
public sealed class PermissionCatalog
{
    public static PermissionCatalog Default { get; } = new(SwarmCatalog.All().Concat(KubernetesCatalog.All()));

    public ImmutableArray<Permission> All { get; }
    private readonly FrozenDictionary<string, Permission> byId;
    private readonly FrozenDictionary<string, int> indexById;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> indexBySpan;

    private PermissionCatalog(IEnumerable<Permission> permissions)
    {
        All = [.. permissions];
        byId = All.ToFrozenDictionary(p => p.Id, StringComparer.Ordinal);
        indexById = All.Select((p, i) => (p.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        indexBySpan = indexById.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => All.Length;

    /// <summary>Permission ids are lower case; lookup is exact (ordinal).</summary>
    public bool TryGet(string id, out Permission permission) => byId.TryGetValue(id, out permission!);
    public Permission Get(string id) => byId.TryGetValue(id, out var p) ? p : throw new KeyNotFoundException($"Unknown permission '{id}'.");
    public bool Contains(string id) => byId.ContainsKey(id);
    /// <summary>The position of a permission in <see cref="All"/>: the bit index the engine uses.</summary>
    public int IndexOf(string id) => indexById.TryGetValue(id, out var i) ? i : -1;
    /// <summary><see cref="IndexOf(string)"/> on characters, without allocating a string.</summary>
    public int IndexOf(ReadOnlySpan<char> id) => indexBySpan.TryGetValue(id, out var i) ? i : -1;
}
