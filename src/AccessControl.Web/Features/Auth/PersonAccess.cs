using System.Security.Claims;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;
using CoreNames = AccessControl.Core.Model.Names;

namespace AccessControl.Web.Features.Auth;

/// <summary>What a signed-in person is to the app: the userName, the model user (if any) and the app roles.</summary>
/// <param name="Refusal">Why the person may not sign in (no user name claim, inactive account); null when they may.</param>
public sealed record PersonAccessResult(string? UserName, string? ModelUserName, IReadOnlyList<string> Roles, string? Refusal)
{
    public bool Allowed => Refusal is null;
}

/// <summary>
/// Resolves a person's app roles from the identity provider's <c>roles</c> claim, the group mappings
/// (<c>AppRoles:GroupMappings:{group}={role}</c>), roles assigned in the app, and <c>Bootstrap:Administrators</c>
/// (userNames or emails). A person whose model user is inactive gets no roles and is refused. Cached per request.
/// </summary>
public sealed class PersonAccess(IDbContextFactory<AccessControlDbContext> dbs, IConfiguration config)
{
    private static readonly string[] UserNameClaims =
        ["preferred_username", "upn", ClaimTypes.Upn, "email", ClaimTypes.Email, "name", ClaimTypes.Name];
    private readonly Dictionary<string, PersonAccessResult> cache = new(StringComparer.OrdinalIgnoreCase);

    public string? FindUserName(ClaimsPrincipal principal)
    {
        var configured = config["AzureAd:UserNameClaim"];
        foreach (var type in configured is { Length: > 0 } ? [configured, .. UserNameClaims] : UserNameClaims)
            if (principal.FindFirst(type)?.Value is { Length: > 0 } value) return value;
        return null;
    }

    public async Task<PersonAccessResult> ResolveAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var userName = FindUserName(principal);
        if (userName is null)
            return new(null, null, [], "The identity provider sent no user name (preferred_username, upn, email or name; see AzureAd:UserNameClaim).");
        if (cache.TryGetValue(userName, out var cached)) return cached;

        await using var db = await dbs.CreateDbContextAsync(ct);
        var normalized = CoreNames.Normalize(userName);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized || (u.Email != null && u.Email == userName))
            .OrderBy(u => u.NormalizedUserName == normalized ? 0 : 1)
            .Select(u => new { u.Id, u.UserName, u.Email, u.Active })
            .FirstOrDefaultAsync(ct);
        PersonAccessResult result;
        if (user is { Active: false })
        {
            result = new(userName, user.UserName, [], $"The account '{user.UserName}' is inactive in AccessControl. Ask an Administrator to reactivate it.");
        }
        else
        {
            var roles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in principal.FindAll("roles").Concat(principal.FindAll(ClaimTypes.Role)))
                if (AppRoles.IsValid(c.Value)) roles.Add(c.Value);
            var mappings = config.GetSection("AppRoles:GroupMappings");
            foreach (var group in principal.FindAll("groups"))
                if (mappings[group.Value] is { } role && AppRoles.IsValid(role)) roles.Add(role);
            if (user is not null)
                roles.UnionWith(await db.AppRoleAssignments.AsNoTracking().Where(a => a.UserId == user.Id).Select(a => a.Role).ToListAsync(ct));
            var bootstrap = AppRoles.BootstrapAdministrators(config);
            if (bootstrap.Any(b => b.Equals(userName, StringComparison.OrdinalIgnoreCase)
                                   || (user?.UserName is { } un && b.Equals(un, StringComparison.OrdinalIgnoreCase))
                                   || (user?.Email is { } em && b.Equals(em, StringComparison.OrdinalIgnoreCase))))
                roles.Add(AppRoles.Administrator);
            result = new(userName, user?.UserName, AppRoles.All.Where(roles.Contains).ToList(), null);
        }
        cache[userName] = result;
        return result;
    }
}
