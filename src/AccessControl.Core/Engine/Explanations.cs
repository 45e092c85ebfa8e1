using System.Text;

namespace AccessControl.Core.Engine;

/// <summary>The sentences of a no.</summary>
internal static class Explanations
{
    private const int NamedNearest = 3;

    /// <summary>The sentence of a no by <see cref="DenialReason.NoGrant"/>; <paramref name="nearest"/> walks the grants that reach the subject on the path.</summary>
    public static string NoGrant(CompiledModel data, int s, string permission, int r, GrantWalk nearest, bool hasAnyGrant)
    {
        var self = data.SubjectRefs[s];
        var who = Who(data, s);
        var resource = data.ResourceRefs[r];
        var where = data.KindOf(r) switch
        {
            Model.ResourceKind.Collection when data.Parent[r] < 0 => resource,
            Model.ResourceKind.Collection => $"{resource} or its ancestors",
            Model.ResourceKind.Namespace => $"{resource} or namespace:*",
            _ => resource,
        };
        StringBuilder? text = null;
        var count = 0;
        foreach (var n in nearest)
        {
            if (++count > NamedNearest) continue;
            if (text is null) text = new StringBuilder($"No grant to {who} on {where} includes {permission}; nearest: ");
            else text.Append("; ");
            text.Append($"{n.Role} on {n.Resource} (granted to {n.Subject})");
        }
        if (text is null)
            return hasAnyGrant
                ? $"No grant to {who} reaches {resource} (none on {where}), so {permission} is not granted there."
                : $"{self} has no grant at all{(who == self ? "" : ", directly or through a membership")}, so {permission} is not granted on {resource}.";
        if (count > NamedNearest) text.Append($"; and {count - NamedNearest} more");
        return text.Append(", none of which includes ").Append(permission).Append('.').ToString();
    }

    private static string Who(CompiledModel data, int s)
    {
        var self = data.SubjectRefs[s];
        if (data.IsUser(s)) return $"{self}, its teams or orgs";
        if (s < data.OrgBase) return $"{self} or its org";
        return self;
    }
}
