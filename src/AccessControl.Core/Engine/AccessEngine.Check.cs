using System.Collections.Immutable;
using System.Runtime.InteropServices;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    private static readonly Decision AdminAllowed = new(true, [], null, null, [], ViaAdmin: true);

    /// <summary>
    /// Is <paramref name="permission"/> allowed to <paramref name="subject"/> on <paramref name="resource"/>, and why.
    /// A yes lists every grant that gives it, nearest resource first, then by grant id; an admin's yes lists none.
    /// For <c>team:</c> and <c>org:</c> subjects see the class remarks.
    /// Throws <see cref="UnknownReferenceException"/> for an unknown subject, permission or resource.
    /// </summary>
    public Decision Check(SubjectRef subject, string permission, ResourceRef resource) => Decide(subject, permission, resource).Explain();

    /// <summary>
    /// The same question as <see cref="Check"/> without the explanation: allocates nothing (names are looked up as
    /// they are, the decision reads flat arrays and permission bit sets). <see cref="Verdict.Explain"/> gives the rest.
    /// </summary>
    public Verdict Decide(SubjectRef subject, string permission, ResourceRef resource) =>
        Decide(ResolveSubject(subject), ResolvePermission(permission), ResolveResource(resource));

    /// <summary>
    /// The interned form of a check whose references are already split (<see cref="SubjectRef.TryParse(ReadOnlySpan{char}, out SubjectKind, out ReadOnlySpan{char})"/>,
    /// <see cref="ResourceRef.TryParse(ReadOnlySpan{char}, out ResourceKind, out ReadOnlySpan{char})"/>), for <see cref="Decide(in ResolvedCheck)"/> on this engine.
    /// Throws <see cref="UnknownReferenceException"/> as <see cref="Check"/> does.
    /// </summary>
    public ResolvedCheck Resolve(SubjectKind subjectKind, ReadOnlySpan<char> subjectName, ReadOnlySpan<char> permission,
        ResourceKind resourceKind, ReadOnlySpan<char> resourceName) =>
        new(this, ResolveSubject(subjectKind, subjectName), ResolvePermission(permission), ResolveResource(resourceKind, resourceName));

    public Verdict Decide(in ResolvedCheck check) => ReferenceEquals(check.Engine, this)
        ? Decide(check.Subject, check.Permission, check.Resource)
        : throw new ArgumentException("The check was resolved by another engine snapshot.", nameof(check));

    private Verdict Decide(int s, int p, int r)
    {
        if (!data.Applies(p, r)) return new Verdict(this, s, p, r, Verdict.Outcome.NotApplicable);
        if (data.IsUser(s))
        {
            if (!data.UserActive[s]) return new Verdict(this, s, p, r, Verdict.Outcome.Inactive);
            if (data.UserAdmin[s]) return new Verdict(this, s, p, r, Verdict.Outcome.Admin);
        }
        return new Verdict(this, s, p, r, HasGrant(s, p, r) ? Verdict.Outcome.Allowed : Verdict.Outcome.NoGrant);
    }

    /// <summary>
    /// Does a grant to one of the subject's cover on one of the resource's containers hold the permission: walked from
    /// whichever side holds fewer grants (the path when a subject has many, the subject when "/" holds a thousand).
    /// </summary>
    private bool HasGrant(int s, int p, int r)
    {
        Span<int> path = data.PathCapacity <= 64 ? stackalloc int[64] : new int[data.PathCapacity];
        var levels = path[..data.ContainersOf(r, path)];
        var cover = data.Cover[s];
        var onPath = GrantCount(data.GrantsByResource, levels);
        // A short path is walked at once: counting the subject's side costs a cache miss per member of its cover.
        if (onPath > ShortPath && GrantCount(data.GrantsBySubject, cover) < onPath)
        {
            var bySubject = data.GrantsBySubject.Offsets;
            foreach (var c in cover)
                for (var i = bySubject[c]; i < bySubject[c + 1]; i++)
                {
                    var x = data.GrantsBySubjectResourceRole[i];
                    if (data.RoleHas((int)x, p) && Distance((int)(x >> 32), r, levels) >= 0) return true;
                }
            return false;
        }
        var byResource = data.GrantsByResource.Offsets;
        foreach (var level in levels)
            for (var i = byResource[level]; i < byResource[level + 1]; i++)
            {
                var x = data.GrantsByResourceSubjectRole[i];
                if (data.RoleHas((int)x, p) && cover.Contains((int)(x >> 32))) return true;
            }
        return false;
    }

    private const int ShortPath = 16;

    internal GrantWalk Walk(Verdict v) => v.Kind switch
    {
        Verdict.Outcome.Allowed => new GrantWalk(data, v.Subject, v.PermissionIndex, v.Resource),
        Verdict.Outcome.NoGrant => new GrantWalk(data, v.Subject, -1, v.Resource),
        _ => default,
    };

    internal string ReasonOf(Verdict v)
    {
        var permission = Catalog.All[v.PermissionIndex];
        return v.Kind switch
        {
            Verdict.Outcome.NotApplicable => Applicability.WhyNot(permission, data.KindOf(v.Resource), data.ResourceRefs[v.Resource])!,
            Verdict.Outcome.Inactive =>
                $"{data.SubjectRefs[v.Subject]} is inactive: an inactive user has no permission at all, whatever the grants (they are kept for reactivation).",
            _ => Explanations.NoGrant(data, v.Subject, permission.Id, v.Resource),
        };
    }

    internal bool TryFormatReason(Verdict v, Span<char> into, out int written)
    {
        if (v.Kind == Verdict.Outcome.NoGrant)
            return Explanations.TryNoGrant(data, v.Subject, Catalog.All[v.PermissionIndex].Id, v.Resource, into, out written);
        var reason = v.Allowed ? "" : ReasonOf(v);
        written = reason.Length;
        return reason.TryCopyTo(into);
    }

    internal Decision Explain(Verdict v)
    {
        switch (v.Kind)
        {
            case Verdict.Outcome.Admin:
                return AdminAllowed;
            case Verdict.Outcome.Inactive:
                return new Decision(false, [], DenialReason.Inactive, ReasonOf(v), []);
            case Verdict.Outcome.NotApplicable:
                return new Decision(false, [], DenialReason.NotApplicable, ReasonOf(v), []);
            case Verdict.Outcome.NoGrant:
                var lacks = Catalog.All[v.PermissionIndex].Id;
                var nearest = ImmutableArray.CreateBuilder<NearGrant>();
                foreach (var n in Walk(v)) nearest.Add(new NearGrant(n.Grant, n.Subject, n.Role, n.Resource, n.Via, lacks));
                return new Decision(false, [], DenialReason.NoGrant, ReasonOf(v), nearest.ToImmutable());
        }
        // Count first so the answer is the only allocation.
        var count = 0;
        foreach (var _ in Walk(v)) count++;
        var because = new Because[count];
        var k = 0;
        foreach (var b in Walk(v)) because[k++] = new Because(b.Grant, b.Subject, b.Role, b.Resource, b.Via, b.InheritedFrom);
        return new Decision(true, ImmutableCollectionsMarshal.AsImmutableArray(because), null, null, []);
    }

    /// <summary>How far up <paramref name="levels"/> (the containers of r, nearest first) <paramref name="on"/> is; -1 if absent.</summary>
    private int Distance(int on, int r, ReadOnlySpan<int> levels)
    {
        if (on < data.CollectionCount)
        {
            if (r >= data.CollectionCount) return -1;
            var d = data.Depth[r] - data.Depth[on];
            return d >= 0 && d < levels.Length && levels[d] == on ? d : -1;
        }
        return levels.IndexOf(on);
    }

    private static int GrantCount(Csr grants, ReadOnlySpan<int> keys)
    {
        var n = 0;
        foreach (var k in keys) n += grants.Offsets[k + 1] - grants.Offsets[k];
        return n;
    }

    private Because BecauseOf(int g, string? inheritedFrom)
    {
        var subject = data.SubjectRefs[data.GrantSubject[g]];
        // Teams do not nest, so the membership a grant comes through is always the grant's own subject.
        return new Because(data.GrantIds[g], subject, data.RoleIds[data.GrantRole[g]], data.ResourceRefs[data.GrantResource[g]],
            Via: subject, inheritedFrom);
    }
}
