using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;
using CoreNames = AccessControl.Core.Model.Names;

namespace AccessControl.Web.Features.AppRoleAssignments;

public sealed record AppRoleAssignmentDto(string UserName, IReadOnlyList<string> Roles);
public sealed record AppRolesRequest(string[]? Roles);

/// <summary>App roles assigned to model users in the app (audited); they add to the identity provider's roles.</summary>
public sealed class AppRoleService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor)
{
    public async Task<List<AppRoleAssignmentDto>> ListAsync(CancellationToken ct)
    {
        actor.EnsureAdministrator("see app-role assignments");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.AppRoleAssignments.AsNoTracking()
            .Select(a => new { a.User!.UserName, a.Role }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserName).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => new AppRoleAssignmentDto(g.Key, AppRoles.All.Where(r => g.Any(x => x.Role == r)).ToList())).ToList();
    }

    /// <summary>Sets the user's assigned app roles to exactly <paramref name="request"/>'s roles.</summary>
    public async Task<AppRoleAssignmentDto> PutAsync(string userName, AppRolesRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("assign app roles");
        var roles = request.Roles ?? throw new ValidationException("roles", "The roles field is required (an empty list removes every role).");
        var unknown = roles.Where(r => !AppRoles.IsValid(r)).ToList();
        if (unknown.Count > 0)
            throw new ValidationException("roles", $"Unknown app role(s) {string.Join(", ", unknown)}; the app roles are {string.Join(", ", AppRoles.All)}.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "approle.assign";
        var user = await FindUserAsync(db, userName, ct);
        var current = await db.AppRoleAssignments.Where(a => a.UserId == user.Id).ToListAsync(ct);
        db.AppRoleAssignments.RemoveRange(current.Where(a => !roles.Contains(a.Role)));
        foreach (var role in roles.Distinct().Where(r => current.All(a => a.Role != r)))
            db.AppRoleAssignments.Add(new AppRoleAssignment { UserId = user.Id, Role = role });
        await db.SaveChangesAsync(ct);
        return new AppRoleAssignmentDto(user.UserName, AppRoles.All.Where(roles.Contains).ToList());
    }

    public async Task DeleteAsync(string userName, CancellationToken ct)
    {
        actor.EnsureAdministrator("remove app roles");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "approle.remove";
        var user = await FindUserAsync(db, userName, ct);
        db.AppRoleAssignments.RemoveRange(await db.AppRoleAssignments.Where(a => a.UserId == user.Id).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<User> FindUserAsync(AccessControlDbContext db, string userName, CancellationToken ct)
    {
        var normalized = CoreNames.Normalize(userName);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct)
            ?? throw new NotFoundException($"There is no user '{userName}'.");
    }
}
