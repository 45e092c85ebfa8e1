namespace AccessControl.Data.Entities;

/// <summary>
/// An API token created by an Administrator: only the SHA-256 of the secret is stored, the secret is shown once.
/// The name is unique among tokens not revoked, so a revoked name can be issued again.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The app role the token acts with (Administrator, Auditor, Viewer).</summary>
    public required string Role { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole token string (<c>act_...</c>).</summary>
    public required string TokenHash { get; set; }
    /// <summary>The first characters after <c>act_</c>, to recognise a token in lists without revealing it.</summary>
    public required string Prefix { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>An app role assigned to a model user in the app (in addition to the identity provider's roles and groups).</summary>
public sealed class AppRoleAssignment
{
    public Guid UserId { get; set; }
    public required string Role { get; set; }
    public DateTime CreatedAt { get; set; }
    public User? User { get; set; }
}
