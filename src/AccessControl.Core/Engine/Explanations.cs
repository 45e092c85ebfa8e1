using System.Collections.Immutable;
using System.Text;

namespace AccessControl.Core.Engine;

/// <summary>The sentences of a no.</summary>
internal static class Explanations
{
    private const int NamedNearest = 3;

    public static string NoGrant(CompiledModel data, int s, string permission, int r,
        ImmutableArray<NearGrant>.Builder nearest, bool hasAnyGrant)
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
        if (nearest.Count == 0)
            return hasAnyGrant
                ? $"No grant to {who} reaches {resource} (none on {where}), so {permission} is not granted there."
                : $"{self} has no grant at all{(who == self ? "" : ", directly or through a membership")}, so {permission} is not granted on {resource}.";

        var text = new StringBuilder($"No grant to {who} on {where} includes {permission}; nearest: ");
        for (var i = 0; i < Math.Min(NamedNearest, nearest.Count); i++)
        {
            var n = nearest[i];
            if (i > 0) text.Append("; ");
            text.Append($"{n.Role} on {n.Resource} (granted to {n.Subject})");
        }
        if (nearest.Count > NamedNearest) text.Append($"; and {nearest.Count - NamedNearest} more");
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
