using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Users;

public sealed record UserDto(
    Guid Id, string UserName, string? DisplayName, string? Email, bool Active, bool IsAdmin, string? ExternalId,
    DateTime CreatedAt, DateTime UpdatedAt, string Etag)
{
    public static UserDto From(User u) =>
        new(u.Id, u.UserName, u.DisplayName, u.Email, u.Active, u.IsAdmin, u.ExternalId, u.CreatedAt, u.UpdatedAt, ETags.Format(u.Version));
}

public sealed record CreateUserRequest(string? UserName, string? DisplayName = null, string? Email = null, bool? Active = null,
    bool? IsAdmin = null, string? ExternalId = null);

/// <summary>A partial update: only the fields present are changed (send <c>""</c> to clear a text field).</summary>
public sealed record UpdateUserRequest(string? UserName = null, string? DisplayName = null, string? Email = null, bool? Active = null,
    bool? IsAdmin = null, string? ExternalId = null);
