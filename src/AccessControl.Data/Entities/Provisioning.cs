namespace AccessControl.Data.Entities;

/// <summary>
/// An identity provider's access to /scim/v2: a bearer token (stored as its SHA-256) that provisions users and teams
/// into one organization. Revoked connections are kept, so that the users and teams they own still name them.
/// </summary>
public sealed class ProvisioningConnection : IVersioned
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token; the token itself is shown once and never stored.</summary>
    public required string TokenHash { get; set; }
    /// <summary>The first characters of the token, to tell tokens apart in lists.</summary>
    public required string TokenPrefix { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One SCIM request of a connection, for its status page (the last few hundred are kept; not audited).</summary>
public sealed class ProvisioningRequest
{
    public long Id { get; set; }
    public Guid ConnectionId { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public int Status { get; set; }
    public DateTime At { get; set; }
    public int DurationMs { get; set; }
}
