using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// A check resolved against one engine snapshot: the interned subject, permission and resource. Resolving once and
/// deciding later lets a batch report every unknown reference before it answers anything.
/// </summary>
public readonly struct ResolvedCheck
{
    internal ResolvedCheck(AccessEngine engine, int subject, int permission, int resource) =>
        (Engine, Subject, Permission, Resource) = (engine, subject, permission, resource);

    internal AccessEngine? Engine { get; }
    internal int Subject { get; }
    internal int Permission { get; }
    internal int Resource { get; }
}

/// <summary>
/// The answer to a check without its explanation: allowed or not, and the kind of no. Deciding allocates nothing;
/// the grants behind a yes, the nearest grants and the sentence of a no are computed only when asked for
/// (<see cref="Explain"/>, <see cref="Grants"/>, <see cref="Reason"/>), from the snapshot that decided.
/// </summary>
public readonly struct Verdict
{
    internal enum Outcome : byte { Allowed, Admin, Inactive, NotApplicable, NoGrant }

    private readonly AccessEngine? engine;
    private readonly Outcome outcome;
    internal int Subject { get; }
    internal int PermissionIndex { get; }
    internal int Resource { get; }

    internal Verdict(AccessEngine engine, int subject, int permission, int resource, Outcome outcome)
    {
        this.engine = engine;
        this.outcome = outcome;
        Subject = subject;
        PermissionIndex = permission;
        Resource = resource;
    }

    private AccessEngine Engine => engine ?? throw new InvalidOperationException("This verdict was not made by an engine.");
    internal Outcome Kind => outcome;

    public bool Allowed => engine is not null && outcome is Outcome.Allowed or Outcome.Admin;
    /// <summary>Allowed because the user is an active admin (no grant is listed then).</summary>
    public bool ViaAdmin => engine is not null && outcome == Outcome.Admin;
    public DenialReason? Denial => engine is null ? null : outcome switch
    {
        Outcome.Inactive => DenialReason.Inactive,
        Outcome.NotApplicable => DenialReason.NotApplicable,
        Outcome.NoGrant => DenialReason.NoGrant,
        _ => null,
    };

    /// <summary>The permission id asked about (interned in the catalog).</summary>
    public string Permission => Engine.Catalog.All[PermissionIndex].Id;

    /// <summary>The full answer with its explanation, as <see cref="AccessEngine.Check"/> returns it.</summary>
    public Decision Explain() => Engine.Explain(this);

    /// <summary>
    /// Without allocating: for a yes, the grants that give it (as <see cref="Decision.Because"/>, nearest resource first,
    /// then by grant id); for a no by <see cref="DenialReason.NoGrant"/>, the grants on the path that reach the subject
    /// but lack the permission (as <see cref="Decision.Nearest"/>); nothing otherwise.
    /// </summary>
    public GrantWalk Grants() => Engine.Walk(this);

    /// <summary>The sentence of a no (as <see cref="Decision.Reason"/>); null for a yes.</summary>
    public string? Reason() => Allowed ? null : Engine.ReasonOf(this);

    /// <summary>
    /// <see cref="Reason"/> written into <paramref name="destination"/>; for the common no (no grant) without
    /// allocating. False when it does not fit; empty for a yes.
    /// </summary>
    public bool TryFormatReason(Span<char> destination, out int written) => Engine.TryFormatReason(this, destination, out written);
}

/// <summary>One grant of an explanation, as strings interned in the engine snapshot (nothing is allocated for it).</summary>
public readonly record struct GrantView(Guid Grant, string Subject, string Role, string Resource, string Via, string? InheritedFrom);

/// <summary>The grants of a <see cref="Verdict"/>, walked up the resource's containers, nearest first, in grant-id order.</summary>
public ref struct GrantWalk
{
    private readonly CompiledModel? data;
    private readonly ReadOnlySpan<int> cover;
    private readonly int permission; // -1: every grant that reaches the subject (the nearest grants of a no)
    private readonly int resource;
    private int level;
    private ReadOnlySpan<int> grants;
    private int next;

    internal GrantWalk(CompiledModel data, int subject, int permission, int resource)
    {
        this.data = data;
        cover = data.Cover[subject];
        this.permission = permission;
        this.resource = resource;
        level = resource;
        grants = data.GrantsByResource[resource];
    }

    public GrantView Current { get; private set; }

    public readonly GrantWalk GetEnumerator() => this;

    public bool MoveNext()
    {
        if (data is null) return false;
        while (true)
        {
            while (next < grants.Length)
            {
                var g = grants[next++];
                if (permission >= 0 && !data.RoleHas(data.GrantRole[g], permission)) continue;
                if (!cover.Contains(data.GrantSubject[g])) continue;
                // Teams do not nest, so the membership a grant comes through is always the grant's own subject.
                var subject = data.SubjectRefs[data.GrantSubject[g]];
                Current = new GrantView(data.GrantIds[g], subject, data.RoleIds[data.GrantRole[g]], data.ResourceRefs[data.GrantResource[g]],
                    subject, permission < 0 || level == resource ? null : data.ResourceRefs[level]);
                return true;
            }
            level = level < data.CollectionCount ? data.Parent[level] : level != data.AllNamespaces ? data.AllNamespaces : -1;
            if (level < 0) return false;
            grants = data.GrantsByResource[level];
            next = 0;
        }
    }
}
