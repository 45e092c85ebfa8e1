namespace AccessControl.Core.Engine;

/// <summary>The sentences of a no.</summary>
internal static class Explanations
{
    private const int NamedNearest = 3;

    /// <summary>The sentence of a no by <see cref="DenialReason.NoGrant"/> of subject <paramref name="s"/> on resource <paramref name="r"/>.</summary>
    public static string NoGrant(CompiledModel data, int s, string permission, int r)
    {
        Span<char> stack = stackalloc char[1024];
        if (TryNoGrant(data, s, permission, r, stack, out var n)) return new string(stack[..n]);
        for (var size = 4096; ; size *= 4)
        {
            var heap = new char[size];
            if (TryNoGrant(data, s, permission, r, heap, out n)) return new string(heap, 0, n);
        }
    }

    /// <summary><see cref="NoGrant"/> written into <paramref name="into"/> without allocating; false when it does not fit.</summary>
    public static bool TryNoGrant(CompiledModel data, int s, string permission, int r, Span<char> into, out int written)
    {
        var self = data.SubjectRefs[s];
        var who = data.IsUser(s) ? ", its teams or orgs" : s < data.OrgBase ? " or its org" : ""; // after self
        var resource = data.ResourceRefs[r];
        var where = data.KindOf(r) switch // after resource
        {
            Model.ResourceKind.Collection when data.Parent[r] < 0 => "",
            Model.ResourceKind.Collection => " or its ancestors",
            Model.ResourceKind.Namespace => " or namespace:*",
            _ => "",
        };
        var w = new Writer(into);
        var count = 0;
        foreach (var n in new GrantWalk(data, s, -1, r))
        {
            if (++count > NamedNearest) continue;
            if (count == 1) w.Advance(w.Rest.TryWrite($"No grant to {self}{who} on {resource}{where} includes {permission}; nearest: ", out var k), k);
            else w.Append("; ");
            w.Advance(w.Rest.TryWrite($"{n.Role} on {n.Resource} (granted to {n.Subject})", out var m), m);
        }
        if (count == 0 && HasAnyGrant(data, s))
            w.Advance(w.Rest.TryWrite($"No grant to {self}{who} reaches {resource} (none on {resource}{where}), so {permission} is not granted there.", out var k), k);
        else if (count == 0)
            w.Advance(w.Rest.TryWrite($"{self} has no grant at all{(who.Length == 0 ? "" : ", directly or through a membership")}, so {permission} is not granted on {resource}.", out var k), k);
        else
        {
            if (count > NamedNearest) w.Advance(w.Rest.TryWrite($"; and {count - NamedNearest} more", out var k), k);
            w.Advance(w.Rest.TryWrite($", none of which includes {permission}.", out var m), m);
        }
        written = w.Length;
        return !w.Overflowed;
    }

    private static bool HasAnyGrant(CompiledModel data, int s)
    {
        foreach (var c in data.Cover[s])
            if (data.GrantsBySubject[c].Length > 0) return true;
        return false;
    }

    /// <summary>Text appended into a span; once something does not fit, the rest is dropped and <see cref="Overflowed"/> set.</summary>
    private ref struct Writer(Span<char> into)
    {
        private readonly Span<char> into = into;
        public int Length { get; private set; }
        public bool Overflowed { get; private set; }
        public readonly Span<char> Rest => Overflowed ? default : into[Length..];

        public void Advance(bool fitted, int written)
        {
            if (fitted && !Overflowed) Length += written;
            else Overflowed = true;
        }

        public void Append(ReadOnlySpan<char> text) => Advance(text.TryCopyTo(Rest), text.Length);
    }
}
