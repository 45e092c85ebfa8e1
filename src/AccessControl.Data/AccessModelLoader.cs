using System.Collections.Immutable;
using System.Data;
using AccessControl.Core.Model;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>Reads the whole model for the decision engine: one projected, untracked query per table, in one snapshot.</summary>
public static class AccessModelLoader
{
    public static async Task<AccessModel> LoadAsync(AccessControlDbContext db, CancellationToken ct = default)
    {
        // One read transaction so that the tables agree with each other (no grant of a user read after the users).
        var own = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct)
            : null;
        try
        {
            var users = await db.Users.AsNoTracking()
                .Select(u => new UserInfo(u.Id, u.UserName, u.Active, u.IsAdmin)).ToListAsync(ct);
            var orgs = await db.Organizations.AsNoTracking().Select(o => new OrgInfo(o.Id, o.Name)).ToListAsync(ct);
            var teams = await db.Teams.AsNoTracking().Select(t => new TeamInfo(t.Id, t.OrgId, t.Name)).ToListAsync(ct);
            var orgMembers = await db.OrgMembers.AsNoTracking()
                .Select(m => new OrgMemberInfo(m.OrgId, m.UserId, m.IsAdmin)).ToListAsync(ct);
            var teamMembers = await db.TeamMembers.AsNoTracking()
                .Select(m => new TeamMemberInfo(m.TeamId, m.UserId, m.IsAdmin)).ToListAsync(ct);
            var serviceAccounts = await db.ServiceAccounts.AsNoTracking()
                .Select(s => new ServiceAccountInfo(s.Id, s.Namespace, s.Name)).ToListAsync(ct);
            var roles = await db.Roles.AsNoTracking().Select(r => new { r.Id, r.Name, r.Permissions }).ToListAsync(ct);
            var collections = await db.Collections.AsNoTracking()
                .Select(c => new CollectionInfo(c.Id, c.ParentId, c.Name)).ToListAsync(ct);
            var namespaces = await db.Namespaces.AsNoTracking().Select(n => new NamespaceInfo(n.Id, n.Name)).ToListAsync(ct);
            var grants = await db.Grants.AsNoTracking()
                .Select(g => new GrantInfo(g.Id, g.SubjectKind, g.UserId ?? g.TeamId ?? g.OrgId ?? g.ServiceAccountId ?? Guid.Empty,
                    g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId))
                .ToListAsync(ct);
            return new AccessModel(
                [.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers], [.. serviceAccounts],
                [.. roles.Select(r => new RoleInfo(r.Id, r.Name, [.. r.Permissions]))],
                [.. collections], [.. namespaces], [.. grants]);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }
}
