using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// Brings into the change tracker the rows the database would delete by cascade (memberships, teams, grants of a
/// deleted subject), so that EF deletes them itself and each deletion is audited like any other change.
/// </summary>
internal static class CascadeLoader
{
    public static void LoadCascadedDependents(AccessControlDbContext db)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        while (Pending(db, seen) is { Count: > 0 } queries)
        {
            foreach (var q in queries) q.Load();
            db.ChangeTracker.CascadeChanges();
        }
    }

    public static async Task LoadCascadedDependentsAsync(AccessControlDbContext db, CancellationToken ct)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        while (Pending(db, seen) is { Count: > 0 } queries)
        {
            foreach (var q in queries) await q.LoadAsync(ct);
            db.ChangeTracker.CascadeChanges();
        }
    }

    /// <summary>Queries for the dependents of deleted principals not yet handled.</summary>
    private static List<IQueryable<object>> Pending(AccessControlDbContext db, HashSet<object> seen)
    {
        List<Guid> Deleted<T>(Func<T, Guid> id) where T : class =>
            db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Deleted && seen.Add(e.Entity)).Select(e => id(e.Entity)).ToList();

        var users = Deleted<User>(u => u.Id);
        var orgs = Deleted<Organization>(o => o.Id);
        var teams = Deleted<Team>(t => t.Id);
        var serviceAccounts = Deleted<ServiceAccount>(s => s.Id);
        var queries = new List<IQueryable<object>>();
        if (users.Count > 0)
        {
            queries.Add(db.OrgMembers.Where(m => users.Contains(m.UserId)));
            queries.Add(db.TeamMembers.Where(m => users.Contains(m.UserId)));
            queries.Add(db.Grants.Where(g => g.UserId != null && users.Contains(g.UserId.Value)));
            queries.Add(db.AppRoleAssignments.Where(a => users.Contains(a.UserId)));
        }
        if (orgs.Count > 0)
        {
            queries.Add(db.Teams.Where(t => orgs.Contains(t.OrgId)));
            queries.Add(db.OrgMembers.Where(m => orgs.Contains(m.OrgId)));
            queries.Add(db.Grants.Where(g => g.OrgId != null && orgs.Contains(g.OrgId.Value)));
        }
        if (teams.Count > 0)
        {
            queries.Add(db.TeamMembers.Where(m => teams.Contains(m.TeamId)));
            queries.Add(db.Grants.Where(g => g.TeamId != null && teams.Contains(g.TeamId.Value)));
        }
        if (serviceAccounts.Count > 0)
            queries.Add(db.Grants.Where(g => g.ServiceAccountId != null && serviceAccounts.Contains(g.ServiceAccountId.Value)));
        return queries;
    }
}
