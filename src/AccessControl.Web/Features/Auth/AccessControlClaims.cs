namespace AccessControl.Web.Features.Auth;

/// <summary>Claims the app adds to every authenticated caller (by claims transformation or the token handler).</summary>
public static class AccessControlClaims
{
    /// <summary>The audit log's name for the caller: <c>user:alice</c>, <c>token:ci</c>, <c>scim:entra</c>.</summary>
    public const string Actor = "ac:actor";
    /// <summary>The userName of the model user a signed-in person is (absent for tokens).</summary>
    public const string UserName = "ac:user";
    /// <summary>App roles are ordinary role claims (<see cref="System.Security.Claims.ClaimTypes.Role"/>) with values from <see cref="AppRoles"/>.</summary>
    public const string Role = System.Security.Claims.ClaimTypes.Role;
}
