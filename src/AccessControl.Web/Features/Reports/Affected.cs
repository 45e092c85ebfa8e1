using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Web.Features.Reports;

/// <summary>
/// Which users and service accounts a window of audit entries can have changed the access of, so the change report
/// compares only them: the subjects of changed grants (and of grants using a changed role), the members of changed
/// teams and orgs, the users and service accounts changed themselves or in a membership. A changed collection or
/// namespace can move access anywhere below it: then everyone (null).
/// </summary>
internal static class Affected
{
    public static IReadOnlySet<string>? Subjects(IReadOnlyList<ChangeCause> entries, AccessEngine before, AccessEngine after)
    {
        if (entries.Any(e => e.EntityType is "Collection" or "Namespace")) return null;
        var ids = entries.Select(e => e.EntityKey.ToLowerInvariant()).ToHashSet();
        var parts = entries.Where(e => e.EntityType is "TeamMember" or "OrgMember")
            .SelectMany(e => e.EntityKey.Split('/')).Select(p => p.ToLowerInvariant()).ToHashSet();
        var changedRoles = entries.Where(e => e.EntityType == "Role").Select(e => e.EntityKey).ToHashSet(StringComparer.Ordinal);
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var engine in new[] { before, after })
        {
            var m = engine.Model;
            var teamsOf = m.TeamMembers.ToLookup(t => t.TeamId, t => t.UserId);
            var orgTeams = m.Teams.ToLookup(t => t.OrgId, t => t.Id);
            var orgsOf = m.OrgMembers.ToLookup(o => o.OrgId, o => o.UserId);
            var users = m.Users.ToDictionary(u => u.Id);
            void AddUser(Guid id)
            {
                if (users.TryGetValue(id, out var u)) subjects.Add(SubjectRef.User(u.UserName).ToString());
            }
            void AddMembers(SubjectKind kind, Guid id)
            {
                if (kind == SubjectKind.User) AddUser(id);
                else if (kind == SubjectKind.Team) foreach (var u in teamsOf[id]) AddUser(u);
                else if (kind == SubjectKind.Org)
                {
                    foreach (var u in orgsOf[id]) AddUser(u);
                    foreach (var team in orgTeams[id]) foreach (var u in teamsOf[team]) AddUser(u);
                }
            }
            foreach (var g in m.Grants.Where(g => ids.Contains(g.Id.ToString()) || changedRoles.Contains(g.RoleId)))
            {
                if (g.SubjectKind == SubjectKind.ServiceAccount) { if (engine.Index.ServiceAccount(g.SubjectId) is { } sa) subjects.Add(SubjectRef.ServiceAccount(sa.Namespace, sa.Name).ToString()); }
                else AddMembers(g.SubjectKind, g.SubjectId);
            }
            foreach (var t in m.Teams.Where(t => ids.Contains(t.Id.ToString()))) AddMembers(SubjectKind.Team, t.Id);
            foreach (var o in m.Orgs.Where(o => ids.Contains(o.Id.ToString()))) AddMembers(SubjectKind.Org, o.Id);
            foreach (var u in m.Users.Where(u => ids.Contains(u.Id.ToString()) || parts.Contains(u.Id.ToString()))) subjects.Add(SubjectRef.User(u.UserName).ToString());
            foreach (var sa in m.ServiceAccounts.Where(s => ids.Contains(s.Id.ToString()))) subjects.Add(SubjectRef.ServiceAccount(sa.Namespace, sa.Name).ToString());
        }
        return subjects;
    }
}
