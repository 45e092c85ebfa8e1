using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// The model as it was at a past instant, rebuilt by replaying the audit log: every entry holds a row's full state
/// after the change (none for a deletion), so the last entry of each row at or before the instant is that row then.
/// </summary>
public static class AccessModelHistory
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly string[] ModelTypes =
    [
        nameof(User), nameof(Organization), nameof(Team), nameof(OrgMember), nameof(TeamMember), nameof(ServiceAccount),
        nameof(Role), nameof(Collection), nameof(Namespace), nameof(Grant),
    ];

    /// <summary>The id of the last audit entry at or before the instant (0 when none): two instants with the same id
    /// have the same model.</summary>
    public static async Task<long> LastEntryAtAsync(AccessControlDbContext db, DateTime instant, CancellationToken ct = default) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.At <= instant).MaxAsync(a => (long?)a.Id, ct) ?? 0;

    /// <summary>The model after the audit entry <paramref name="upToEntry"/> (see <see cref="LastEntryAtAsync"/>).</summary>
    public static async Task<AccessModel> LoadAsync(AccessControlDbContext db, long upToEntry, CancellationToken ct = default)
    {
        var rows = ModelTypes.ToDictionary(t => t, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        var entries = db.AuditEntries.AsNoTracking()
            .Where(a => a.Id <= upToEntry && ModelTypes.Contains(a.EntityType))
            .OrderBy(a => a.Id)
            .Select(a => new { a.EntityType, a.EntityKey, a.After })
            .AsAsyncEnumerable();
        await foreach (var e in entries.WithCancellation(ct))
        {
            if (e.After is null) rows[e.EntityType].Remove(e.EntityKey);
            else rows[e.EntityType][e.EntityKey] = e.After;
        }

        ImmutableArray<TOut> Map<TRow, TOut>(Func<TRow, TOut> map) =>
            [.. rows[typeof(TRow).Name].Values.Select(json => map(JsonSerializer.Deserialize<TRow>(json, Json)!))];

        return new AccessModel(
            Map<User, UserInfo>(u => new(u.Id, u.UserName, u.Active, u.IsAdmin)),
            Map<Organization, OrgInfo>(o => new(o.Id, o.Name)),
            Map<Team, TeamInfo>(t => new(t.Id, t.OrgId, t.Name)),
            Map<OrgMember, OrgMemberInfo>(m => new(m.OrgId, m.UserId, m.IsAdmin)),
            Map<TeamMember, TeamMemberInfo>(m => new(m.TeamId, m.UserId, m.IsAdmin)),
            Map<ServiceAccount, ServiceAccountInfo>(s => new(s.Id, s.Namespace, s.Name)),
            Map<Role, RoleInfo>(r => new(r.Id, r.Name, [.. r.Permissions])),
            Map<Collection, CollectionInfo>(c => new(c.Id, c.ParentId, c.Name)),
            Map<Namespace, NamespaceInfo>(n => new(n.Id, n.Name)),
            Map<Grant, GrantInfo>(g => new(g.Id, g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId)));
    }
}
