using AccessControl.Core.Model;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// A validated model document, normalized: users keyed by normalized userName, collections as the full set of non-built-in
/// paths (parents included) in creation order, grants resolved to names, roles to keys (<see cref="RoleKey"/>).
/// </summary>
internal sealed class ModelTarget
{
    public Dictionary<string, TargetUser> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TargetOrg> Orgs { get; } = new(StringComparer.Ordinal);
    public HashSet<(string Namespace, string Name)> ServiceAccounts { get; } = [];
    public Dictionary<string, TargetRole> Roles { get; } = new(StringComparer.Ordinal);
    /// <summary>Non-built-in collections, parents before children.</summary>
    public List<TargetCollection> Collections { get; } = [];
    public HashSet<string> Namespaces { get; } = new(StringComparer.Ordinal);
    public HashSet<TargetGrant> Grants { get; } = [];
    /// <summary>Setting key → value (a <see cref="RoleKey"/> for the default role); only the settings the document names.</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);
}

internal sealed record TargetUser(string UserName, string? DisplayName, string? Email, bool Active, bool IsAdmin, string? ExternalId);

internal sealed class TargetOrg(string name)
{
    public string Name { get; } = name;
    /// <summary>Normalized userName → org admin.</summary>
    public Dictionary<string, bool> Members { get; } = new(StringComparer.Ordinal);
    /// <summary>Team name → (normalized userName → team admin).</summary>
    public Dictionary<string, Dictionary<string, bool>> Teams { get; } = new(StringComparer.Ordinal);
}

internal sealed record TargetRole(string Name, string? Description, IReadOnlyList<string> Permissions);

/// <summary>A collection: its path as written, the normalized path of itself and its parent, and its own name.</summary>
internal sealed record TargetCollection(string Path, string NormalizedPath, string ParentNormalizedPath, string Name);

/// <summary>A grant by names: subject key (normalized userName, "org/team", org name, "ns/name"), role key, resource
/// (normalized collection path, namespace name, or "*").</summary>
internal sealed record TargetGrant(SubjectKind SubjectKind, string SubjectKey, string RoleKey, ResourceKind ResourceKind, string ResourceKey);

/// <summary>Roles in a target: a built-in as its id, a custom role as "custom:" + its normalized name.</summary>
internal static class RoleKey
{
    public static string Custom(string name) => "custom:" + Names.Normalize(name);
    public static bool IsCustom(string key, out string normalizedName)
    {
        normalizedName = key.StartsWith("custom:", StringComparison.Ordinal) ? key["custom:".Length..] : "";
        return normalizedName.Length > 0;
    }
}
