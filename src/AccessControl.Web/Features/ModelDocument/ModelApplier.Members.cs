using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.ModelDocument;

internal sealed partial class ModelApplier
{
    private sealed record Membership(bool IsAdmin);

    private void OrgMembers()
    {
        var orgNames = s.Orgs.ToDictionary(o => o.Id, o => o.Name);
        var userNames = s.Users.ToDictionary(u => u.Id, u => u.UserName);
        var existing = s.OrgMembers.ToDictionary(m => (m.OrgId, m.UserId));
        var kept = new HashSet<(Guid, Guid)>();
        foreach (var (orgName, org) in t.Orgs.OrderBy(o => o.Key, Ord))
            foreach (var (norm, isAdmin) in org.Members.OrderBy(m => m.Key, Ord))
            {
                var id = (orgIds[orgName], userIds[norm]);
                kept.Add(id);
                var key = $"{orgName}/{t.Users[norm].UserName}";
                if (existing.TryGetValue(id, out var m))
                {
                    if (m.IsAdmin == isAdmin) continue;
                    Add("update", "orgMember", key, new Membership(m.IsAdmin), new Membership(isAdmin));
                    m.IsAdmin = isAdmin;
                }
                else
                {
                    db.OrgMembers.Add(new OrgMember { OrgId = id.Item1, UserId = id.Item2, IsAdmin = isAdmin });
                    Add("add", "orgMember", key, after: new Membership(isAdmin));
                }
            }
        foreach (var (id, m) in existing.Where(e => !kept.Contains(e.Key))
                     .Select(e => (Key: $"{orgNames.GetValueOrDefault(e.Key.OrgId)}/{userNames.GetValueOrDefault(e.Key.UserId)}", e.Value))
                     .OrderBy(e => e.Key, Ord))
        {
            db.OrgMembers.Remove(m);
            Add("remove", "orgMember", id, before: new Membership(m.IsAdmin));
        }
    }

    private void TeamMembers()
    {
        var orgNames = s.Orgs.ToDictionary(o => o.Id, o => o.Name);
        var teamNames = s.Teams.ToDictionary(tm => tm.Id, tm => $"{orgNames.GetValueOrDefault(tm.OrgId)}/{tm.Name}");
        var userNames = s.Users.ToDictionary(u => u.Id, u => u.UserName);
        var existing = s.TeamMembers.ToDictionary(m => (m.TeamId, m.UserId));
        var kept = new HashSet<(Guid, Guid)>();
        foreach (var (orgName, org) in t.Orgs.OrderBy(o => o.Key, Ord))
            foreach (var (teamName, members) in org.Teams.OrderBy(tm => tm.Key, Ord))
                foreach (var (norm, isAdmin) in members.OrderBy(m => m.Key, Ord))
                {
                    var id = (teamIds[$"{orgName}/{teamName}"], userIds[norm]);
                    kept.Add(id);
                    var key = $"{orgName}/{teamName}/{t.Users[norm].UserName}";
                    if (existing.TryGetValue(id, out var m))
                    {
                        if (m.IsAdmin == isAdmin) continue;
                        Add("update", "teamMember", key, new Membership(m.IsAdmin), new Membership(isAdmin));
                        m.IsAdmin = isAdmin;
                    }
                    else
                    {
                        db.TeamMembers.Add(new TeamMember { TeamId = id.Item1, UserId = id.Item2, IsAdmin = isAdmin });
                        Add("add", "teamMember", key, after: new Membership(isAdmin));
                    }
                }
        foreach (var (key, m) in existing.Where(e => !kept.Contains(e.Key))
                     .Select(e => (Key: $"{teamNames.GetValueOrDefault(e.Key.TeamId)}/{userNames.GetValueOrDefault(e.Key.UserId)}", e.Value))
                     .OrderBy(e => e.Key, Ord))
        {
            db.TeamMembers.Remove(m);
            Add("remove", "teamMember", key, before: new Membership(m.IsAdmin));
        }
    }

    private void ServiceAccounts()
    {
        var existing = s.ServiceAccounts.ToDictionary(a => (a.Namespace, a.Name));
        foreach (var (ns, name) in t.ServiceAccounts.OrderBy(a => a.Namespace, Ord).ThenBy(a => a.Name, Ord))
        {
            if (!existing.TryGetValue((ns, name), out var account))
            {
                db.ServiceAccounts.Add(account = new ServiceAccount { Id = Guid.NewGuid(), Namespace = ns, Name = name, CreatedAt = now });
                Add("add", "serviceAccount", $"{ns}/{name}");
            }
            accountIds[$"{ns}/{name}"] = account.Id;
        }
        foreach (var a in s.ServiceAccounts.Where(a => !t.ServiceAccounts.Contains((a.Namespace, a.Name)))
                     .OrderBy(a => a.Namespace, Ord).ThenBy(a => a.Name, Ord))
        {
            db.ServiceAccounts.Remove(a);
            Add("remove", "serviceAccount", $"{a.Namespace}/{a.Name}");
        }
    }
}
