using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Grants;

/// <summary>Turns grant rows into <see cref="GrantDto"/>s, naming subjects, roles and resources from the database in a few batched queries.</summary>
public static class GrantDtos
{
    public static async Task<List<GrantDto>> FromAsync(AccessControlDbContext db, IReadOnlyList<Grant> grants, CancellationToken ct)
    {
        var userIds = grants.Where(g => g.UserId is not null).Select(g => g.UserId!.Value).Distinct().ToList();
        var teamIds = grants.Where(g => g.TeamId is not null).Select(g => g.TeamId!.Value).Distinct().ToList();
        var orgIds = grants.Where(g => g.OrgId is not null).Select(g => g.OrgId!.Value).Distinct().ToList();
        var saIds = grants.Where(g => g.ServiceAccountId is not null).Select(g => g.ServiceAccountId!.Value).Distinct().ToList();
        var nsIds = grants.Where(g => g.NamespaceId is not null).Select(g => g.NamespaceId!.Value).Distinct().ToList();
        var roleIds = grants.Select(g => g.RoleId).Distinct().ToList();

        var subjects = new Dictionary<Guid, string>();
        if (userIds.Count > 0)
            foreach (var u in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(ct))
                subjects[u.Id] = SubjectRef.User(u.UserName).ToString();
        if (teamIds.Count > 0)
            foreach (var t in await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).Select(t => new { t.Id, Org = t.Org!.Name, t.Name }).ToListAsync(ct))
                subjects[t.Id] = SubjectRef.Team(t.Org, t.Name).ToString();
        if (orgIds.Count > 0)
            foreach (var o in await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                subjects[o.Id] = SubjectRef.Org(o.Name).ToString();
        if (saIds.Count > 0)
            foreach (var a in await db.ServiceAccounts.AsNoTracking().Where(a => saIds.Contains(a.Id)).Select(a => new { a.Id, a.Namespace, a.Name }).ToListAsync(ct))
                subjects[a.Id] = SubjectRef.ServiceAccount(a.Namespace, a.Name).ToString();
        var namespaces = nsIds.Count == 0 ? [] : await db.Namespaces.AsNoTracking().Where(n => nsIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.Name, ct);
        var roles = await db.Roles.AsNoTracking().Where(r => roleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var paths = await CollectionTree.PathsAsync(db, grants.Where(g => g.CollectionId is not null).Select(g => g.CollectionId!), ct);

        return grants.Select(g => new GrantDto(
            g.Id,
            subjects.GetValueOrDefault(g.SubjectId) ?? $"{SubjectRef.Prefix(g.SubjectKind)}:(deleted)",
            g.RoleId,
            roles.GetValueOrDefault(g.RoleId) ?? g.RoleId,
            g.ResourceKind switch
            {
                ResourceKind.Collection => ResourceRef.Collection(paths.GetValueOrDefault(g.CollectionId!) ?? "(deleted)").ToString(),
                ResourceKind.Namespace => ResourceRef.Namespace(namespaces.GetValueOrDefault(g.NamespaceId!.Value) ?? "(deleted)").ToString(),
                _ => ResourceRef.AllNamespaces.ToString(),
            },
            g.CreatedBy,
            g.CreatedAt)).ToList();
    }

    /// <summary>"subject → resource" lines for the first <paramref name="max"/> grants of a query, plus its count: for 409s that name grants in use.</summary>
    public static async Task<(List<string> Lines, int Count)> DescribeAsync(AccessControlDbContext db, IQueryable<Grant> query, int max, CancellationToken ct)
    {
        var count = await query.CountAsync(ct);
        var first = await query.AsNoTracking().OrderBy(g => g.ResourceKey).ThenBy(g => g.SubjectKey).Take(max).ToListAsync(ct);
        var dtos = await FromAsync(db, first, ct);
        return (dtos.Select(d => $"{d.Subject} → {d.Resource}").ToList(), count);
    }
}
