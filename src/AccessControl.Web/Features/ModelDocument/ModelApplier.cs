using AccessControl.Data;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// Turns the loaded (tracked) state into the target: creates what is missing, updates what differs, removes what the target
/// leaves out, and records each row-level change. Unchanged rows are not touched, so their ids and ETags survive a PUT.
/// Nothing is saved here: the caller saves (in one transaction) or, for a dry run, throws the context away.
/// </summary>
internal sealed partial class ModelApplier(AccessControlDbContext db, ModelState s, ModelTarget t, DateTime now)
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;
    private readonly List<ModelChange> changes = [];
    private readonly Dictionary<string, Guid> userIds = new(Ord);
    private readonly Dictionary<string, Guid> orgIds = new(Ord);
    private readonly Dictionary<string, Guid> teamIds = new(Ord);
    private readonly Dictionary<string, Guid> accountIds = new(Ord);

    public List<ModelChange> Apply()
    {
        var grantNamer = s.GrantNamer();
        var paths = s.CollectionPaths();
        var roleRefs = s.Roles.ToDictionary(r => r.Id, ModelState.RoleRef);
        Users();
        Orgs();
        Teams();
        OrgMembers();
        TeamMembers();
        ServiceAccounts();
        Roles();
        Collections(paths);
        Namespaces();
        Grants(grantNamer);
        Settings(roleRefs);
        return changes;
    }

    private void Add(string op, string kind, string key, object? before = null, object? after = null) =>
        changes.Add(new ModelChange(op, kind, key, before, after));

    private static ModelUser Dto(User u) => new(u.UserName, u.DisplayName, u.Email, u.Active, u.IsAdmin, u.ExternalId);

    private void Users()
    {
        var existing = s.Users.ToDictionary(u => u.NormalizedUserName, Ord);
        foreach (var (norm, tu) in t.Users.OrderBy(u => u.Key, Ord))
        {
            if (existing.TryGetValue(norm, out var u))
            {
                var before = Dto(u);
                (u.UserName, u.DisplayName, u.Email, u.Active, u.IsAdmin, u.ExternalId) =
                    (tu.UserName, tu.DisplayName, tu.Email, tu.Active, tu.IsAdmin, tu.ExternalId);
                if (Dto(u) != before)
                {
                    u.UpdatedAt = now;
                    Add("update", "user", tu.UserName, before, Dto(u));
                }
            }
            else
            {
                u = new User
                {
                    Id = Guid.NewGuid(), UserName = tu.UserName, NormalizedUserName = norm, DisplayName = tu.DisplayName, Email = tu.Email,
                    Active = tu.Active, IsAdmin = tu.IsAdmin, ExternalId = tu.ExternalId, CreatedAt = now, UpdatedAt = now,
                };
                db.Users.Add(u);
                Add("add", "user", u.UserName, after: Dto(u));
            }
            userIds[norm] = u.Id;
        }
        foreach (var u in existing.Where(e => !t.Users.ContainsKey(e.Key)).OrderBy(e => e.Key, Ord).Select(e => e.Value))
        {
            db.Users.Remove(u);
            Add("remove", "user", u.UserName, before: Dto(u));
        }
    }

    private void Orgs()
    {
        var existing = s.Orgs.ToDictionary(o => o.Name, Ord);
        foreach (var name in t.Orgs.Keys.Order(Ord))
        {
            if (!existing.TryGetValue(name, out var org))
            {
                db.Organizations.Add(org = new Organization { Id = Guid.NewGuid(), Name = name, CreatedAt = now });
                Add("add", "org", name);
            }
            orgIds[name] = org.Id;
        }
        foreach (var org in s.Orgs.Where(o => !t.Orgs.ContainsKey(o.Name)).OrderBy(o => o.Name, Ord))
        {
            db.Organizations.Remove(org);
            Add("remove", "org", org.Name);
        }
    }

    private void Teams()
    {
        var orgNames = s.Orgs.ToDictionary(o => o.Id, o => o.Name);
        var existing = s.Teams.ToDictionary(tm => $"{orgNames.GetValueOrDefault(tm.OrgId)}/{tm.Name}", Ord);
        foreach (var (orgName, org) in t.Orgs.OrderBy(o => o.Key, Ord))
            foreach (var teamName in org.Teams.Keys.Order(Ord))
            {
                var key = $"{orgName}/{teamName}";
                if (!existing.TryGetValue(key, out var team))
                {
                    db.Teams.Add(team = new Team { Id = Guid.NewGuid(), OrgId = orgIds[orgName], Name = teamName, CreatedAt = now });
                    Add("add", "team", key);
                }
                teamIds[key] = team.Id;
            }
        foreach (var (key, team) in existing.Where(e => !teamIds.ContainsKey(e.Key)).OrderBy(e => e.Key, Ord))
        {
            db.Teams.Remove(team);
            Add("remove", "team", key);
        }
    }
}
