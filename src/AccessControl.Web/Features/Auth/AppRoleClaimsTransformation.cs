using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// Gives a signed-in person the app's claims: <c>ac:actor</c> (<c>user:&lt;userName&gt;</c>), <c>ac:user</c> (the model
/// user) and the app roles from <see cref="PersonAccess"/>. Role claims from the identity provider are replaced, not
/// kept, so an inactive account has no role at all. API-token principals already carry their claims and pass through.
/// </summary>
public sealed class AppRoleClaimsTransformation(PersonAccess access) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        // Already transformed (the Smart scheme authenticates twice: itself and the scheme it forwards to) or a token.
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || principal.HasClaim(c => c.Type == AccessControlClaims.Actor))
            return principal;

        var result = await access.ResolveAsync(principal);
        var claims = principal.Claims.Where(c => c.Type is not (ClaimTypes.Role or "roles") && c.Type != identity.RoleClaimType).ToList();
        if (result.UserName is not null) claims.Add(new Claim(AccessControlClaims.Actor, $"user:{result.ModelUserName ?? result.UserName}"));
        if (result.ModelUserName is not null) claims.Add(new Claim(AccessControlClaims.UserName, result.ModelUserName));
        if (result.Allowed) claims.AddRange(result.Roles.Select(r => new Claim(AccessControlClaims.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, AccessControlClaims.Role));
    }
}
