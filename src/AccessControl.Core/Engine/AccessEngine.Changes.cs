using System.Collections.Immutable;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    /// <summary>
    /// Who gained or lost which permissions where from <paramref name="before"/> to <paramref name="after"/>, given every
    /// row that changed between them (naming more rows is harmless). The answer equals comparing the effective
    /// permissions of every user and service account in both models by reference (a renamed user or collection loses
    /// everything under its old name and gains it under the new one), but is computed only where a change can matter:
    /// a changed grant's covered users × the resource sets it reaches (in each model); a role edit, the grants using it;
    /// a membership (or a team or org) change, the user's grants through the teams and orgs entering or leaving its
    /// cover; a changed user or service account, all of its access; a changed collection (its subtree) or namespace,
    /// everyone holding anything there. Each candidate pair is then decided by both engines.
    /// A row's causes are the changes behind its candidates; a change that reaches the row through a grant counts only
    /// when that grant's role holds a permission the row gained (the grant as it is after) or lost (as it was before).
    /// </summary>
    public static IReadOnlyList<AccessChange> Changes(AccessEngine before, AccessEngine after, IEnumerable<RowChange> changes)
    {
        var diff = new ChangeDiff([before, after]);
        diff.Collect(changes);
        return diff.Rows();
    }

    /// <summary>The permissions subject <paramref name="s"/> holds on resource set <paramref name="r"/> (ids, sorted).</summary>
    private ImmutableArray<string> PermissionsOn(int s, int r)
    {
        var kind = data.KindOf(r);
        if (data.IsUser(s))
        {
            if (!data.UserActive[s]) return [];
            if (data.UserAdmin[s]) return PermissionIds(data.ApplicableMask(kind));
        }
        Span<int> path = data.PathCapacity <= 64 ? stackalloc int[64] : new int[data.PathCapacity];
        var levels = path[..data.ContainersOf(r, path)];
        var cover = data.Cover[s];
        var applicable = data.ApplicableMask(kind).ToArray();
        var mask = new ulong[data.Words];
        void Or(int g)
        {
            var role = data.RoleMask(data.GrantRole[g]);
            for (var w = 0; w < mask.Length; w++) mask[w] |= role[w] & applicable[w];
        }
        if (GrantCount(data.GrantsBySubject, cover) < GrantCount(data.GrantsByResource, levels))
        {
            foreach (var c in cover)
                foreach (var g in data.GrantsBySubject[c])
                    if (Distance(data.GrantResource[g], r, levels) >= 0) Or(g);
        }
        else
            foreach (var level in levels)
                foreach (var g in data.GrantsByResource[level])
                    if (cover.Contains(data.GrantSubject[g])) Or(g);
        return PermissionIds(mask);
    }

    /// <summary>The user or service account with exactly this reference, or -1.</summary>
    private int SubjectOf(string subject)
    {
        int s;
        if (subject.StartsWith("user:", StringComparison.Ordinal)) { if (!data.UserByName.TryGetValue(subject[5..], out s)) return -1; }
        else if (subject.StartsWith("serviceaccount:", StringComparison.Ordinal)) { if (!data.ServiceAccountByName.TryGetValue(subject[15..], out s)) return -1; }
        else return -1;
        return data.SubjectRefs[s] == subject ? s : -1;
    }

    /// <summary>The resource set with exactly this reference, or -1.</summary>
    private int ResourceOf(string resource)
    {
        int r;
        if (resource == data.ResourceRefs[data.AllNamespaces]) return data.AllNamespaces;
        if (resource.StartsWith("collection:", StringComparison.Ordinal)) { if (!data.CollectionByPath.TryGetValue(resource[11..], out r)) return -1; }
        else if (resource.StartsWith("namespace:", StringComparison.Ordinal)) { if (!data.NamespaceByName.TryGetValue(resource[10..], out r)) return -1; }
        else return -1;
        return data.ResourceRefs[r] == resource ? r : -1;
    }

    /// <summary>The resource sets a grant on <paramref name="on"/> reaches: a collection's subtree, a namespace, every namespace and namespace:*.</summary>
    private IEnumerable<int> Reach(int on)
    {
        if (on == data.AllNamespaces)
        {
            for (var ns = data.CollectionCount; ns <= data.AllNamespaces; ns++) yield return ns;
            yield break;
        }
        if (on >= data.CollectionCount)
        {
            yield return on;
            yield break;
        }
        var stack = new Stack<int>();
        stack.Push(on);
        while (stack.Count > 0)
        {
            var c = stack.Pop();
            yield return c;
            foreach (var child in data.Children[c]) stack.Push(child);
        }
    }
}
