using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Provisioning;

public sealed record CreateConnectionRequest(string? Name, string? Organization);
public sealed record UpdateConnectionRequest(string? Name, bool? Enabled);

public sealed record ConnectionDto(Guid Id, string Name, string Organization, string TokenPrefix, bool Enabled, bool Revoked, DateTime CreatedAt,
    string CreatedBy, DateTime? RevokedAt, string Etag, string ScimBaseUrl)
{
    public static ConnectionDto From(ProvisioningConnection c, string org, string scimBaseUrl) =>
        new(c.Id, c.Name, org, c.TokenPrefix, c.Enabled && c.RevokedAt is null, c.RevokedAt is not null, c.CreatedAt, c.CreatedBy, c.RevokedAt,
            ETags.Format(c.Version), scimBaseUrl);
}

/// <summary>The only answer that carries the token: creation and rotation.</summary>
public sealed record ConnectionWithTokenDto(Guid Id, string Name, string Organization, string Token, string TokenPrefix, bool Enabled, string Etag,
    string ScimBaseUrl);

public sealed record RequestLogDto(string Method, string Path, int Status, DateTime At, int DurationMs);
public sealed record RequestCountsDto(int Requests, int Errors, DateTime LastRequestAt);
public sealed record OwnedDto(Guid Id, string Name);

public sealed record ConnectionStatusDto(ConnectionDto Connection, int Requests, int Errors, DateTime? LastRequestAt,
    IReadOnlyList<RequestLogDto> LastRequests, int UserCount, IReadOnlyList<OwnedDto> Users, int TeamCount, IReadOnlyList<OwnedDto> Teams);
