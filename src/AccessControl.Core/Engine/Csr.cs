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
}
