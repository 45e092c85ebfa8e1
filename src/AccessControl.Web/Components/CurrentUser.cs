using System.Security.Claims;
using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Components;

/// <summary>How pages name the signed-in person and their app roles.</summary>
public static class CurrentUser
{
    public static string DisplayName(ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.FindFirstValue(AccessControlClaims.UserName) ?? user.Identity?.Name ?? "signed in";

    public static string[] Roles(ClaimsPrincipal user) => AppRoles.All.Where(user.IsInRole).ToArray();

    public static string RoleText(ClaimsPrincipal user) => Roles(user) is { Length: > 0 } roles ? string.Join(", ", roles) : "no app role";
}
