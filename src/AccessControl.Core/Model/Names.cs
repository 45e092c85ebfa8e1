using System.Text.RegularExpressions;

namespace AccessControl.Core.Model;

/// <summary>The naming rules of domain.md. Each Validate* returns null when valid, else a message.</summary>
public static partial class Names
{
    // \z, not $: in .NET "$" also matches before a final newline, which would let "eng\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{0,99}\z")] private static partial Regex OrgOrTeamRegex();
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}\z")] private static partial Regex CollectionRegex();
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\z")] private static partial Regex DnsLabelRegex();
    // DNS-1123 subdomain as Kubernetes checks it: dot-separated labels, 253 characters at most.
    [GeneratedRegex(@"^(?=.{1,253}\z)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")] private static partial Regex DnsSubdomainRegex();

    public const int MaxCollectionDepth = 16;

    public static string? ValidateOrgOrTeam(string? name, string what = "name") =>
        name is not null && OrgOrTeamRegex().IsMatch(name) ? null
            : $"The {what} must be 1-100 characters of lower-case letters, digits, '_', '.' or '-', starting with a letter or digit.";

    public static string? ValidateUserName(string? userName)
    {
        if (string.IsNullOrEmpty(userName) || userName.Length > 256)
            return "The userName must be 1-256 printable characters.";
        foreach (var c in userName)
            if (char.IsControl(c)) return "The userName must be 1-256 printable characters (no control characters).";
        if (userName.Trim() != userName) return "The userName must not start or end with white space.";
        return null;
    }

    public static string? ValidateCollection(string? name) =>
        name is not null && CollectionRegex().IsMatch(name) ? null
            : "A collection name must be 1-100 characters of letters, digits, '_', '.', '@' or '-', starting with a letter or digit.";

    public static string? ValidateNamespace(string? name) =>
        name is not null && DnsLabelRegex().IsMatch(name) ? null
            : "A namespace name must be a DNS-1123 label: 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit.";

    public static string? ValidateServiceAccountName(string? name) =>
        name is not null && DnsSubdomainRegex().IsMatch(name) ? null
            : "A service account name must be a DNS-1123 subdomain: lower-case letters, digits, '-' or '.', starting and ending with a letter or digit.";

    public static string? ValidateRoleName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 100 && name.Trim() == name && !name.Any(char.IsControl) ? null
            : "A role name must be 1-100 printable characters, without leading or trailing white space.";

    /// <summary>The private-collection name for a user: e-mail style names stay as they are; other characters become '-'.</summary>
    public static string PrivateCollectionName(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        var chars = userName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '-' ? c : '-').ToArray();
        if (!char.IsAsciiLetterOrDigit(chars[0])) chars[0] = 'u';
        var s = new string(chars);
        return s.Length > 100 ? s[..100] : s;
    }

    /// <summary>Case-insensitive key for names compared without case (userName, role and collection names).</summary>
    public static string Normalize(string name) => name.ToUpperInvariant();
}
