using AccessControl.Core.Catalog;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Roles;

public sealed record RoleDto(string Id, string Name, string? Description, bool BuiltIn, IReadOnlyList<string> Permissions, string Etag)
{
    public static RoleDto From(Role r) => new(r.Id, r.Name, r.Description, r.BuiltIn, r.Permissions, ETags.Format(r.Version));
}

/// <summary>The body of POST and PUT: PUT replaces name, description and permissions (an absent description clears it).</summary>
public sealed record RoleRequest(string? Name, string? Description = null, IReadOnlyList<string>? Permissions = null);

public sealed record OperationDto(string Id, PermissionKind Kind, string Resource, string Action, string? Option, string? ApiGroup, bool ClusterScoped)
{
    public static OperationDto From(Permission p) => new(p.Id, p.Kind, p.Resource, p.Action, p.Option, p.ApiGroup, p.ClusterScoped);
}
