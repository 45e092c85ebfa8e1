using System.Security.Claims;
using AccessControl.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Auth;

/// <summary>
/// STAND-IN for the auth engineer's transformation (issue 3): app roles from the token's role claim
/// (<c>AzureAd:RoleClaim</c>, default <c>roles</c>), group mappings, <c>Bootstrap:Administrators</c>; inactive users
/// get none; adds <c>ac:actor</c>. On merge, auth's file replaces this one.
/// </summary>
internal sealed class AppRoleClaimsTransformation(IConfiguration configuration, IDbContextFactory<AccessControlDbContext> factory)
    : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.HasClaim(c => c.Type == AccessControlClaims.Actor)) return principal;
        var roleClaim = configuration["AzureAd:RoleClaim"] ?? "roles";
        var userName = UserNameClaims.Find(principal, configuration);
        var roles = principal.FindAll(roleClaim).Select(c => c.Value)
            .Concat(principal.FindAll("groups").Select(c => configuration[$"AppRoles:GroupMappings:{c.Value}"] ?? ""))
            .Where(AppRoles.IsValid).ToHashSet();
        var admins = configuration.GetSection("Bootstrap:Administrators").Get<string[]>() ?? [];
        if (userName is not null && admins.Contains(userName, StringComparer.OrdinalIgnoreCase)) roles.Add(AppRoles.Administrator);
        if (userName is not null && await SignInChecks.IsInactiveAsync(factory, userName)) roles.Clear();

        var added = new ClaimsIdentity();
        added.AddClaim(new Claim(AccessControlClaims.Actor,
            userName is not null ? $"user:{userName}" : $"app:{principal.FindFirstValue("azp") ?? principal.FindFirstValue("client_id") ?? principal.FindFirstValue("sub")}"));
        if (userName is not null) added.AddClaim(new Claim(AccessControlClaims.UserName, userName));
        foreach (var role in roles) added.AddClaim(new Claim(AccessControlClaims.Role, role));
        var result = principal.Clone();
        result.AddIdentity(added);
        return result;
    }
}
