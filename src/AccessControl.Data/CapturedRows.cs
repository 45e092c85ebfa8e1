using System.Collections.Immutable;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AccessControl.Data;

/// <summary>
/// The model rows a context's saves wrote, as the engine sees them (the same projection as
/// <see cref="AccessModelLoader"/>): the row after an insert or update, none after a delete; a later save of the same
/// key replaces what an earlier one wrote. Lets the instance that committed apply its change without reading it again.
/// </summary>
public sealed class CapturedRows : ModelRows
{
    public void Add(EntityEntry entry)
    {
        var gone = entry.State == EntityState.Deleted;
        switch (entry.Entity)
        {
            case User u: users[u.Id] = gone ? null : new UserInfo(u.Id, u.UserName, u.Active, u.IsAdmin); break;
            case Organization o: orgs[o.Id] = gone ? null : new OrgInfo(o.Id, o.Name); break;
            case Team t: teams[t.Id] = gone ? null : new TeamInfo(t.Id, t.OrgId, t.Name); break;
            case OrgMember m: orgMembers[(m.OrgId, m.UserId)] = gone ? null : new OrgMemberInfo(m.OrgId, m.UserId, m.IsAdmin); break;
            case TeamMember m: teamMembers[(m.TeamId, m.UserId)] = gone ? null : new TeamMemberInfo(m.TeamId, m.UserId, m.IsAdmin); break;
            case ServiceAccount s: accounts[s.Id] = gone ? null : new ServiceAccountInfo(s.Id, s.Namespace, s.Name); break;
            case Role r: roles[r.Id] = gone ? null : new RoleInfo(r.Id, r.Name, [.. r.Permissions]); break;
            case Collection c: collections[c.Id] = gone ? null : new CollectionInfo(c.Id, c.ParentId, c.Name); break;
            case Namespace n: namespaces[n.Id] = gone ? null : new NamespaceInfo(n.Id, n.Name); break;
            case Grant g:
                grants[g.Id] = gone ? null : new GrantInfo(g.Id, g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId);
                break;
        }
    }
}
