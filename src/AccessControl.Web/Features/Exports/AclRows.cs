using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Web.Features.Exports;

/// <summary>One grant as it reaches one user or service account (the <c>grants</c> view).</summary>
public sealed record GrantRow(string Subject, bool Active, string Via, string Role, string RoleName, string Resource, Guid Grant);

/// <summary>What one user or service account holds on one resource set, and the grants behind it (the <c>effective</c> view).</summary>
public sealed record EffectiveRow(string Subject, bool Admin, string Resource, IReadOnlyList<string> Permissions, IReadOnlyList<Guid> Grants);

/// <summary>
/// The rows of the ACL exports, produced lazily from one engine snapshot so that an export streams: memory stays flat
/// however many rows there are.
/// </summary>
public static class AclRows
{
    /// <summary>Every grant (ordered by resource, then subject) once per user or service account it covers: the grant's
    /// user or service account itself, a team's members, an org's members (with its teams' members). Inactive users are
    /// listed (with Active=false): the grant still names them, though it gives them nothing while they are inactive.</summary>
    public static IEnumerable<GrantRow> Grants(AccessEngine engine)
    {
        var m = engine.Model;
        var index = engine.Index;
        var teamUsers = m.TeamMembers.GroupBy(t => t.TeamId).ToDictionary(g => g.Key, g => g.Select(t => t.UserId).ToHashSet());
        var orgUsers = m.OrgMembers.GroupBy(o => o.OrgId).ToDictionary(g => g.Key, g => g.Select(o => o.UserId).ToHashSet());
        foreach (var team in m.Teams)
            if (teamUsers.TryGetValue(team.Id, out var members))
            {
                if (!orgUsers.TryGetValue(team.OrgId, out var set)) orgUsers[team.OrgId] = set = [];
                set.UnionWith(members);
            }

        var grants = m.Grants
            .Select(g => (Grant: g, Resource: index.ResourceRefOf(g), Via: index.SubjectRefOf(g.SubjectKind, g.SubjectId)))
            .OrderBy(x => x.Resource, StringComparer.Ordinal).ThenBy(x => x.Via, StringComparer.Ordinal).ThenBy(x => x.Grant.RoleId, StringComparer.Ordinal);
        foreach (var (g, resource, via) in grants)
        {
            var role = index.Role(g.RoleId);
            var roleName = role?.Name ?? g.RoleId;
            if (g.SubjectKind == SubjectKind.ServiceAccount)
            {
                yield return new GrantRow(via, true, via, g.RoleId, roleName, resource, g.Id);
                continue;
            }
            IEnumerable<Guid> users = g.SubjectKind switch
            {
                SubjectKind.User => [g.SubjectId],
                SubjectKind.Team => teamUsers.GetValueOrDefault(g.SubjectId) ?? [],
                _ => orgUsers.GetValueOrDefault(g.SubjectId) ?? [],
            };
            foreach (var user in users.Select(index.User).OfType<UserInfo>().OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase))
                yield return new GrantRow(SubjectRef.User(user.UserName).ToString(), user.Active, via, g.RoleId, roleName, resource, g.Id);
        }
    }

    /// <summary>Every (user or service account, resource set) with something effective, users by userName then service
    /// accounts, each in resource order. Inactive users hold nothing and have no rows; an active admin holds everything.</summary>
    /// <param name="only">When given, just these users and service accounts (those the model has).</param>
    public static IEnumerable<EffectiveRow> Effective(AccessEngine engine, IReadOnlySet<string>? only = null)
    {
        var subjects = engine.Model.Users.OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).Select(u => SubjectRef.User(u.UserName))
            .Concat(engine.Model.ServiceAccounts.OrderBy(s => s.Namespace, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => SubjectRef.ServiceAccount(s.Namespace, s.Name)));
        foreach (var subject in only is null ? subjects : subjects.Where(s => only.Contains(s.ToString())))
        {
            var effective = engine.Effective(subject);
            foreach (var e in effective.Entries)
                yield return new EffectiveRow(effective.Subject, effective.IsAdmin, e.Resource, e.Permissions, e.Because.Select(b => b.Grant).ToList());
        }
    }
}
