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
    public Decision Check(SubjectRef subject, string permission, ResourceRef resource)
    {
        var s = ResolveSubject(subject);
        var p = ResolvePermission(permission, out var perm);
        var r = ResolveResource(resource);

        if (Applicability.WhyNot(perm, data.KindOf(r), data.ResourceRefs[r]) is { } why)
            return new Decision(false, [], DenialReason.NotApplicable, why, []);
        if (data.IsUser(s))
        {
            if (!data.UserActive[s])
                return new Decision(false, [], DenialReason.Inactive,
                    $"{data.SubjectRefs[s]} is inactive: an inactive user has no permission at all, whatever the grants (they are kept for reactivation).", []);
            if (data.UserAdmin[s]) return AdminAllowed;
        }

        Span<int> path = data.PathCapacity <= 64 ? stackalloc int[64] : new int[data.PathCapacity];
        var levels = path[..data.ContainersOf(r, path)];
        var cover = data.Cover[s];

        if (GrantCount(data.GrantsBySubject, cover) < GrantCount(data.GrantsByResource, levels))
            return CheckBySubject(s, perm.Id, p, r, levels, cover);

        // Count first so the answer is the only allocation on the allow path.
        var count = 0;
        foreach (var level in levels)
            foreach (var g in data.GrantsByResource[level])
                if (cover.Contains(data.GrantSubject[g]) && data.RoleHas(data.GrantRole[g], p)) count++;
        if (count == 0) return Deny(s, perm.Id, p, r, levels, cover);

        var because = new Because[count];
        var k = 0;
        foreach (var level in levels)
            foreach (var g in data.GrantsByResource[level])
                if (cover.Contains(data.GrantSubject[g]) && data.RoleHas(data.GrantRole[g], p))
                    because[k++] = BecauseOf(g, level == r ? null : data.ResourceRefs[level]);
        return new Decision(true, ImmutableCollectionsMarshal.AsImmutableArray(because), null, null, []);
    }

    /// <summary>
    /// The same answer, found from the subject's side: cheaper when the path holds many grants (say a thousand teams
    /// granted on "/") and the subject few. Matches are sorted back into the path order: nearest first, then grant id.
    /// </summary>
    private Decision CheckBySubject(int s, string permissionId, int p, int r, ReadOnlySpan<int> levels, ReadOnlySpan<int> cover)
    {
        var count = 0;
        foreach (var c in cover)
            foreach (var g in data.GrantsBySubject[c])
                if (data.RoleHas(data.GrantRole[g], p) && Distance(data.GrantResource[g], r, levels) >= 0) count++;
        if (count == 0) return Deny(s, permissionId, p, r, levels, cover);

        var because = new Because[count];
        Span<long> keys = count <= 32 ? stackalloc long[32] : new long[count];
        var k = 0;
        foreach (var c in cover)
            foreach (var g in data.GrantsBySubject[c])
            {
                if (!data.RoleHas(data.GrantRole[g], p)) continue;
                var d = Distance(data.GrantResource[g], r, levels);
                if (d < 0) continue;
                because[k] = BecauseOf(g, d == 0 ? null : data.ResourceRefs[levels[d]]);
                keys[k++] = ((long)d << 32) | (uint)g; // grant indices are in grant-id order
            }
        keys[..count].Sort(because.AsSpan());
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

    private Decision Deny(int s, string permissionId, int p, int r, ReadOnlySpan<int> levels, ReadOnlySpan<int> cover)
    {
        var nearest = ImmutableArray.CreateBuilder<NearGrant>();
        foreach (var level in levels)
            foreach (var g in data.GrantsByResource[level])
                if (cover.Contains(data.GrantSubject[g]))
                {
                    var b = BecauseOf(g, null);
                    nearest.Add(new NearGrant(b.Grant, b.Subject, b.Role, b.Resource, b.Via, permissionId));
                }
        var reason = Explanations.NoGrant(data, s, permissionId, r, nearest, HasAnyGrant(cover));
        return new Decision(false, [], DenialReason.NoGrant, reason, nearest.ToImmutable());
    }

    private bool HasAnyGrant(ReadOnlySpan<int> cover)
    {
        foreach (var c in cover)
            if (data.GrantsBySubject[c].Length > 0) return true;
        return false;
    }
}
