using System.Runtime.CompilerServices;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Dashboard;

public sealed record DashboardCounts(int ActiveUsers, int InactiveUsers, int Orgs, int Teams, int ServiceAccounts, int Collections,
    int Namespaces, int Roles, int Grants);

public sealed record RoleGrantCount(string RoleId, string RoleName, int Grants);

/// <summary>A collection and how many active users (admins left out: they may do everything anywhere) hold anything on it.</summary>
public sealed record CollectionReach(string Path, int Users);

/// <summary>An inactive user who still holds grants (directly or through teams and orgs): reactivation would restore them.</summary>
public sealed record InactiveHolder(string UserName, int Grants);

public sealed record DashboardFigures(IReadOnlyList<CollectionReach> TopCollections, int InactiveHolderCount, IReadOnlyList<InactiveHolder> InactiveHolders);

/// <summary>
/// The dashboard's numbers: counts and grants per role from the database; who reaches which collection and the inactive
/// users with grants from the engine's model (the current snapshot), computed once per snapshot: both are single passes
/// over the model (see <see cref="CollectionAudience"/>), milliseconds even at the large preset.
/// </summary>
public sealed class DashboardService(IDbContextFactory<AccessControlDbContext> dbs, AccessSnapshot snapshot)
{
    private static readonly ConditionalWeakTable<AccessEngine, DashboardFigures> Cache = new();

    public async Task<DashboardCounts> CountsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var active = await db.Users.CountAsync(u => u.Active, ct);
        return new DashboardCounts(active, await db.Users.CountAsync(ct) - active, await db.Organizations.CountAsync(ct), await db.Teams.CountAsync(ct),
            await db.ServiceAccounts.CountAsync(ct), await db.Collections.CountAsync(ct), await db.Namespaces.CountAsync(ct), await db.Roles.CountAsync(ct),
            await db.Grants.CountAsync(ct));
    }

    public async Task<List<RoleGrantCount>> GrantsPerRoleAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var counts = await db.Grants.GroupBy(g => g.RoleId).Select(g => new { RoleId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var names = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return counts.Select(c => new RoleGrantCount(c.RoleId, names.GetValueOrDefault(c.RoleId) ?? c.RoleId, c.Count))
            .OrderByDescending(c => c.Grants).ThenBy(c => c.RoleName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public DashboardFigures Figures(int top = 10) => Cache.GetValue(snapshot.Current, engine => Compute(engine, top));

    private static DashboardFigures Compute(AccessEngine engine, int top)
    {
        var model = engine.Model;
        var perCollection = CollectionAudience.Count(model, engine.Index, engine.Catalog)
            .Select(c => new CollectionReach(engine.Index.PathOf(c.Key), c.Value))
            .OrderByDescending(c => c.Users).ThenBy(c => c.Path, StringComparer.OrdinalIgnoreCase).Take(top).ToList();

        // Grants per subject id (user, team or org ids never collide: they are GUIDs), and each user's teams and orgs.
        var grantsOf = model.Grants.Where(g => g.SubjectKind != SubjectKind.ServiceAccount).GroupBy(g => g.SubjectId).ToDictionary(g => g.Key, g => g.Count());
        var teams = model.TeamMembers.ToLookup(t => t.UserId, t => t.TeamId);
        var orgs = model.OrgMembers.ToLookup(o => o.UserId, o => o.OrgId);
        var holders = model.Users.Where(u => !u.Active)
            .Select(u => new InactiveHolder(u.UserName,
                grantsOf.GetValueOrDefault(u.Id) + teams[u.Id].Sum(t => grantsOf.GetValueOrDefault(t)) + orgs[u.Id].Sum(o => grantsOf.GetValueOrDefault(o))))
            .Where(h => h.Grants > 0)
            .OrderByDescending(h => h.Grants).ThenBy(h => h.UserName, StringComparer.OrdinalIgnoreCase).ToList();
        return new DashboardFigures(perCollection, holders.Count, holders.Take(top).ToList());
    }
}
