using System.Security.Claims;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Finds the person's userName in the model among the token's claims: <c>AzureAd:UserNameClaim</c> when configured,
/// else preferred_username, upn, email, name. Used to refuse inactive users at sign-in; the claims transformation resolves the same name.
/// </summary>
public static class UserNameClaims
{
    private static readonly string[] Defaults = ["preferred_username", "upn", "email", "name", ClaimTypes.Upn, ClaimTypes.Email, ClaimTypes.Name];

    public static string? Find(ClaimsPrincipal principal, IConfiguration configuration)
    {
        var configured = configuration[$"{IdentityProvider.Section}:UserNameClaim"];
        var types = string.IsNullOrWhiteSpace(configured) ? Defaults : [configured];
        return types.Select(principal.FindFirst).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c?.Value))?.Value;
    }

}
