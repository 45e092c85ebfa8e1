using System.Security.Claims;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Finds the person's userName in the model among the token's claims: <c>AzureAd:UserNameClaim</c> when configured,
/// else preferred_username, upn, email, name. The result is added as <see cref="AccessControlClaims.UserName"/>.
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

    /// <summary>Adds the userName claim to the principal's first identity, unless it has one or none is found.</summary>
    public static string? Stamp(ClaimsPrincipal? principal, IConfiguration configuration)
    {
        if (principal?.Identity is not ClaimsIdentity identity) return null;
        var existing = principal.FindFirstValue(AccessControlClaims.UserName);
        if (existing is not null) return existing;
        var userName = Find(principal, configuration);
        if (userName is not null) identity.AddClaim(new Claim(AccessControlClaims.UserName, userName));
        return userName;
    }
}
