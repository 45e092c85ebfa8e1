using System.Collections.Immutable;
using System.Data;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// Reads the model for the decision engine: all of it (one projected, untracked query per table) or just the rows of
/// some keys (<see cref="LoadDeltaAsync"/>), each time in one read transaction so that the tables agree.
/// </summary>
public static class AccessModelLoader
{
    public static async Task<AccessModel> LoadAsync(AccessControlDbContext db, CancellationToken ct = default) =>
        (await LoadWithVersionAsync(db, ct)).Model;

    /// <summary>The whole model and the <see cref="ModelVersion"/> it is at (every change counted up to it is in it).</summary>
    public static Task<(AccessModel Model, long Version)> LoadWithVersionAsync(AccessControlDbContext db, CancellationToken ct = default) =>
        InReadTransaction(db, async () =>
        {
            var version = await ReadVersionAsync(db, ct);
            var users = await Users(db.Users).ToListAsync(ct);
            var orgs = await Orgs(db.Organizations).ToListAsync(ct);
            var teams = await Teams(db.Teams).ToListAsync(ct);
            var orgMembers = await OrgMembers(db.OrgMembers).ToListAsync(ct);
            var teamMembers = await TeamMembers(db.TeamMembers).ToListAsync(ct);
            var serviceAccounts = await ServiceAccounts(db.ServiceAccounts).ToListAsync(ct);
            var roles = await Roles(db.Roles, ct);
            var collections = await Collections(db.Collections).ToListAsync(ct);
            var namespaces = await Namespaces(db.Namespaces).ToListAsync(ct);
            var grants = await Grants(db.Grants).ToListAsync(ct);
            return (new AccessModel(
                [.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers], [.. serviceAccounts],
                [.. roles], [.. collections], [.. namespaces], [.. grants]), version);
        }, ct);

    /// <summary>The current rows of <paramref name="keys"/> as a delta (a key without a row was deleted).</summary>
    public static Task<ModelDelta> LoadDeltaAsync(AccessControlDbContext db, ModelChangeKeys keys, CancellationToken ct = default) =>
        InReadTransaction(db, async () =>
        {
            var d = ModelDelta.Empty;
            if (keys.Users.Count > 0)
                d = d with { Users = new([.. keys.Users], [.. await Users(db.Users.Where(u => keys.Users.ToList().Contains(u.Id))).ToListAsync(ct)]) };
            if (keys.Orgs.Count > 0)
                d = d with { Orgs = new([.. keys.Orgs], [.. await Orgs(db.Organizations.Where(o => keys.Orgs.ToList().Contains(o.Id))).ToListAsync(ct)]) };
            if (keys.Teams.Count > 0)
                d = d with { Teams = new([.. keys.Teams], [.. await Teams(db.Teams.Where(t => keys.Teams.ToList().Contains(t.Id))).ToListAsync(ct)]) };
            if (keys.OrgMembers.Count > 0)
            {
                // By both columns, a superset of the pairs, then the pairs themselves.
                var orgIds = keys.OrgMembers.Select(m => m.OrgId).Distinct().ToList();
                var userIds = keys.OrgMembers.Select(m => m.UserId).Distinct().ToList();
                var rows = await OrgMembers(db.OrgMembers.Where(m => orgIds.Contains(m.OrgId) && userIds.Contains(m.UserId))).ToListAsync(ct);
                d = d with { OrgMembers = new([.. keys.OrgMembers], [.. rows.Where(m => keys.OrgMembers.Contains((m.OrgId, m.UserId)))]) };
            }
            if (keys.TeamMembers.Count > 0)
            {
                var teamIds = keys.TeamMembers.Select(m => m.TeamId).Distinct().ToList();
                var userIds = keys.TeamMembers.Select(m => m.UserId).Distinct().ToList();
                var rows = await TeamMembers(db.TeamMembers.Where(m => teamIds.Contains(m.TeamId) && userIds.Contains(m.UserId))).ToListAsync(ct);
                d = d with { TeamMembers = new([.. keys.TeamMembers], [.. rows.Where(m => keys.TeamMembers.Contains((m.TeamId, m.UserId)))]) };
            }
            if (keys.ServiceAccounts.Count > 0)
                d = d with { ServiceAccounts = new([.. keys.ServiceAccounts],
                    [.. await ServiceAccounts(db.ServiceAccounts.Where(s => keys.ServiceAccounts.ToList().Contains(s.Id))).ToListAsync(ct)]) };
            if (keys.Roles.Count > 0)
                d = d with { Roles = new([.. keys.Roles], [.. await Roles(db.Roles.Where(r => keys.Roles.ToList().Contains(r.Id)), ct)]) };
            if (keys.Collections.Count > 0)
                d = d with { Collections = new([.. keys.Collections],
                    [.. await Collections(db.Collections.Where(c => keys.Collections.ToList().Contains(c.Id))).ToListAsync(ct)]) };
            if (keys.Namespaces.Count > 0)
                d = d with { Namespaces = new([.. keys.Namespaces], [.. await Namespaces(db.Namespaces.Where(n => keys.Namespaces.ToList().Contains(n.Id))).ToListAsync(ct)]) };
            if (keys.Grants.Count > 0)
                d = d with { Grants = new([.. keys.Grants], [.. await Grants(db.Grants.Where(g => keys.Grants.ToList().Contains(g.Id))).ToListAsync(ct)]) };
            return d;
        }, ct);

    public static Task<long> ReadVersionAsync(AccessControlDbContext db, CancellationToken ct = default) =>
        db.ModelVersions.AsNoTracking().Where(v => v.Id == ModelVersion.RowId).Select(v => v.Value).SingleAsync(ct);

    private static async Task<T> InReadTransaction<T>(AccessControlDbContext db, Func<Task<T>> read, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct)
            : null;
        try
        {
            return await read();
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private static IQueryable<UserInfo> Users(IQueryable<User> q) =>
        q.AsNoTracking().Select(u => new UserInfo(u.Id, u.UserName, u.Active, u.IsAdmin));
    private static IQueryable<OrgInfo> Orgs(IQueryable<Organization> q) => q.AsNoTracking().Select(o => new OrgInfo(o.Id, o.Name));
    private static IQueryable<TeamInfo> Teams(IQueryable<Team> q) => q.AsNoTracking().Select(t => new TeamInfo(t.Id, t.OrgId, t.Name));
    private static IQueryable<OrgMemberInfo> OrgMembers(IQueryable<OrgMember> q) =>
        q.AsNoTracking().Select(m => new OrgMemberInfo(m.OrgId, m.UserId, m.IsAdmin));
    private static IQueryable<TeamMemberInfo> TeamMembers(IQueryable<TeamMember> q) =>
        q.AsNoTracking().Select(m => new TeamMemberInfo(m.TeamId, m.UserId, m.IsAdmin));
    private static IQueryable<ServiceAccountInfo> ServiceAccounts(IQueryable<ServiceAccount> q) =>
        q.AsNoTracking().Select(s => new ServiceAccountInfo(s.Id, s.Namespace, s.Name));
    private static IQueryable<CollectionInfo> Collections(IQueryable<Collection> q) =>
        q.AsNoTracking().Select(c => new CollectionInfo(c.Id, c.ParentId, c.Name));
    private static IQueryable<NamespaceInfo> Namespaces(IQueryable<Namespace> q) => q.AsNoTracking().Select(n => new NamespaceInfo(n.Id, n.Name));
    private static IQueryable<GrantInfo> Grants(IQueryable<Grant> q) =>
        q.AsNoTracking().Select(g => new GrantInfo(g.Id, g.SubjectKind, g.UserId ?? g.TeamId ?? g.OrgId ?? g.ServiceAccountId ?? Guid.Empty,
            g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId));

    private static async Task<List<RoleInfo>> Roles(IQueryable<Role> q, CancellationToken ct) =>
        (await q.AsNoTracking().Select(r => new { r.Id, r.Name, r.Permissions }).ToListAsync(ct))
            .Select(r => new RoleInfo(r.Id, r.Name, [.. r.Permissions])).ToList();
}
