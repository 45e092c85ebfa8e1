using System.Security.Claims;
using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Components;

/// <summary>How pages name the signed-in person and their app roles.</summary>
public static class CurrentUser
{
    public static string DisplayName(ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.FindFirstValue(AccessControlClaims.UserName) ?? user.Identity?.Name ?? "signed in";

    /// <summary>The model user, else the name the identity provider gave (preferred_username and the like).</summary>
    public static string UserName(ClaimsPrincipal user) =>
        user.FindFirstValue(AccessControlClaims.UserName) ?? user.FindFirstValue("preferred_username") ?? user.Identity?.Name ?? "(unknown)";

    public static string[] Roles(ClaimsPrincipal user) => AppRoles.All.Where(user.IsInRole).ToArray();

    public static string RoleText(ClaimsPrincipal user) => Roles(user) is { Length: > 0 } roles ? string.Join(", ", roles) : "no app role";
}
