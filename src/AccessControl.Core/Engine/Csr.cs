namespace AccessControl.Core.Engine;

/// <summary>
/// A compressed adjacency list: the items of key k are <c>Items[Offsets[k]..Offsets[k + 1]]</c>.
/// One array per relation instead of a list per key keeps the build fast and the memory flat at 100,000s of rows.
/// </summary>
internal sealed class Csr
{
    public required int[] Offsets { get; init; }
    public required int[] Items { get; init; }

    public ReadOnlySpan<int> this[int key] => Items.AsSpan(Offsets[key], Offsets[key + 1] - Offsets[key]);

    /// <summary>Groups the pairs (keys[i], values[i]) by key, keeping their order within a key.</summary>
    public static Csr Group(int keyCount, ReadOnlySpan<int> keys, ReadOnlySpan<int> values)
    {
        var offsets = new int[keyCount + 1];
        foreach (var k in keys) offsets[k + 1]++;
        for (var k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
        var next = offsets[..keyCount];
        var items = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++) items[next[keys[i]]++] = values[i];
        return new Csr { Offsets = offsets, Items = items };
    }

    /// <summary>
    /// The same relation with the rows of some keys replaced (<paramref name="rows"/>, ascending by key): the rows in
    /// between are block-copied, so the cost is a copy of the arrays, not a regrouping.
    /// </summary>
    public Csr WithRows(IReadOnlyList<(int Key, int[] Row)> rows)
    {
        var growth = 0;
        foreach (var (key, row) in rows) growth += row.Length - (Offsets[key + 1] - Offsets[key]);
        var items = new int[Items.Length + growth];
        var offsets = new int[Offsets.Length];
        int next = 0, shift = 0; // next key to copy; how far its items move
        foreach (var (key, row) in rows)
        {
            Copy(next, key, shift, items, offsets);
            row.CopyTo(items, Offsets[key] + shift);
            shift += row.Length - (Offsets[key + 1] - Offsets[key]);
            offsets[key + 1] = Offsets[key + 1] + shift;
            next = key + 1;
        }
        Copy(next, Offsets.Length - 1, shift, items, offsets);
        return new Csr { Offsets = offsets, Items = items };
    }

    /// <summary>Keys [from, to) unchanged, their items moved by <paramref name="shift"/>.</summary>
    private void Copy(int from, int to, int shift, int[] items, int[] offsets)
    {
        Array.Copy(Items, Offsets[from], items, Offsets[from] + shift, Offsets[to] - Offsets[from]);
        for (var k = from; k < to; k++) offsets[k + 1] = Offsets[k + 1] + shift;
    }

    /// <summary>
    /// The same rows under keys renumbered by an order-preserving <paramref name="map"/> (old key → new), the keys no
    /// old key maps to empty: the items are shared, only the offsets are new.
    /// </summary>
    public Csr Renumber(int[]? map, int keyCount)
    {
        if (map is null && keyCount == Offsets.Length - 1) return this;
        var offsets = new int[keyCount + 1];
        for (var k = 0; k < Offsets.Length - 1; k++) offsets[(map is null ? k : map[k]) + 1] = Offsets[k + 1] - Offsets[k];
        for (var k = 0; k < keyCount; k++) offsets[k + 1] += offsets[k];
        return new Csr { Offsets = offsets, Items = Items };
    }
}
