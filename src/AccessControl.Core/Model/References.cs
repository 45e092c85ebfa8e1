using System.Diagnostics.CodeAnalysis;

namespace AccessControl.Core.Model;

public enum SubjectKind { User, Team, Org, ServiceAccount }

public enum ResourceKind { Collection, Namespace, AllNamespaces }

/// <summary>
/// A subject as the API names it: <c>user:alice</c>, <c>team:engineering/backend</c>, <c>org:engineering</c>,
/// <c>serviceaccount:payments/ci-bot</c>. <see cref="Name"/> is the part after the colon.
/// </summary>
public readonly record struct SubjectRef(SubjectKind Kind, string Name)
{
    public static SubjectRef User(string userName) => new(SubjectKind.User, userName);
    public static SubjectRef Team(string org, string team) => new(SubjectKind.Team, $"{org}/{team}");
    public static SubjectRef Org(string org) => new(SubjectKind.Org, org);
    public static SubjectRef ServiceAccount(string ns, string name) => new(SubjectKind.ServiceAccount, $"{ns}/{name}");

    public override string ToString() => $"{Prefix(Kind)}:{Name}";

    public static string Prefix(SubjectKind kind) => kind switch
    {
        SubjectKind.User => "user",
        SubjectKind.Team => "team",
        SubjectKind.Org => "org",
        _ => "serviceaccount",
    };

    /// <summary>The two halves of a team or service-account name (<c>org/team</c>, <c>namespace/name</c>).</summary>
    public (string Left, string Right) Split()
    {
        var slash = Name.IndexOf('/');
        return (Name[..slash], Name[(slash + 1)..]);
    }

    public static SubjectRef Parse(string text) =>
        TryParse(text, out var r) ? r : throw new FormatException(
            $"'{text}' is not a subject reference; expected user:<userName>, team:<org>/<team>, org:<org> or serviceaccount:<namespace>/<name>.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out SubjectRef result)
    {
        result = default;
        if (text is null || !TryParse(text, out var kind, out var name)) return false;
        result = new SubjectRef(kind, name.ToString());
        return true;
    }

    /// <summary>
    /// <see cref="TryParse(string?, out SubjectRef)"/> on characters, without allocating: the kind and the name (a slice
    /// of <paramref name="text"/>), for callers that resolve the name straight from a request buffer.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SubjectKind kind, out ReadOnlySpan<char> name)
    {
        kind = default;
        name = default;
        if (text.IsWhiteSpace()) return false;
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        var prefix = text[..colon];
        const int longest = 14; // "serviceaccount"
        if (prefix.Length > longest) return false;
        Span<char> lower = stackalloc char[longest];
        lower = lower[..prefix.ToLowerInvariant(lower)];
        switch (lower)
        {
            case "user": kind = SubjectKind.User; break;
            case "team": kind = SubjectKind.Team; break;
            case "org": kind = SubjectKind.Org; break;
            case "serviceaccount": kind = SubjectKind.ServiceAccount; break;
            default: return false;
        }
        name = text[(colon + 1)..];
        if (kind is SubjectKind.Team or SubjectKind.ServiceAccount)
        {
            var slash = name.IndexOf('/');
            if (slash <= 0 || slash == name.Length - 1 || name[(slash + 1)..].Contains('/')) return false;
        }
        return true;
    }
}

/// <summary>
/// A resource set as the API names it: <c>collection:/prod/api</c>, <c>namespace:payments</c>, <c>namespace:*</c>.
/// For a collection <see cref="Name"/> is its path ("/" for the root); for a namespace its name; "*" for all.
/// </summary>
public readonly record struct ResourceRef(ResourceKind Kind, string Name)
{
    public static readonly ResourceRef AllNamespaces = new(ResourceKind.AllNamespaces, "*");
    public static ResourceRef Collection(string path) => new(ResourceKind.Collection, path);
    public static ResourceRef Namespace(string name) => new(ResourceKind.Namespace, name);

    public override string ToString() => Kind == ResourceKind.Collection ? $"collection:{Name}" : $"namespace:{Name}";

    public static ResourceRef Parse(string text) =>
        TryParse(text, out var r) ? r : throw new FormatException(
            $"'{text}' is not a resource reference; expected collection:<path>, namespace:<name> or namespace:*.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out ResourceRef result)
    {
        result = default;
        if (text is null || !TryParse(text, out var kind, out var name)) return false;
        result = kind == ResourceKind.AllNamespaces ? AllNamespaces : new ResourceRef(kind, name.ToString());
        return true;
    }

    /// <summary>
    /// <see cref="TryParse(string?, out ResourceRef)"/> on characters, without allocating: the kind and the name (a
    /// slice of <paramref name="text"/>: a collection path without its trailing slash, a namespace name, "*").
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ResourceKind kind, out ReadOnlySpan<char> name)
    {
        kind = default;
        name = default;
        if (text.IsWhiteSpace()) return false;
        if (text.StartsWith("collection:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["collection:".Length..];
            // Reject empty segments before trimming: "collection://" would otherwise become an empty path.
            if (!path.StartsWith('/') || path.IndexOf("//") >= 0) return false;
            if (path.Length > 1 && path.EndsWith('/')) path = path[..^1];
            kind = ResourceKind.Collection;
            name = path;
            return true;
        }
        if (text.StartsWith("namespace:", StringComparison.OrdinalIgnoreCase))
        {
            name = text["namespace:".Length..];
            if (name.Length == 0) return false;
            kind = name is "*" ? ResourceKind.AllNamespaces : ResourceKind.Namespace;
            return true;
        }
        return false;
    }
}
