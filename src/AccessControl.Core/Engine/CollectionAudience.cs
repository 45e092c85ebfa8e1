using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// How many active, non-admin users hold at least one permission on each collection (admins are left out: they may do
/// everything anywhere). The same answer as counting, per collection, the users whose <see cref="AccessEngine.Effective"/>
/// lists it, but without computing anyone's effective permissions: one walk down the collection tree keeps a count per
/// user of the grants above the current collection that cover them, so the cost is the size of the tree plus the total
/// size of the grants' covers (milliseconds at <c>large</c>, where effective permissions for everyone take minutes).
/// </summary>
public static class CollectionAudience
{
    /// <summary>Collection id → number of users, for every collection at least one such user holds something on.</summary>
    public static Dictionary<string, int> Count(AccessModel model, ModelIndex index, PermissionCatalog catalog)
    {
        var users = new Dictionary<Guid, int>();
        foreach (var u in model.Users)
            if (u.Active && !u.IsAdmin) users[u.Id] = users.Count;

        // Who each subject covers (domain.md: a grant to a team or org covers its members; a team's members are members
        // of its org, as the engine's cover has it even where the org membership row is missing).
        var covered = new Dictionary<Guid, List<int>>();
        void Cover(Guid subject, Guid user)
        {
            if (!users.TryGetValue(user, out var i)) return;
            if (!covered.TryGetValue(subject, out var list)) covered[subject] = list = [];
            list.Add(i);
        }
        foreach (var (id, _) in users) Cover(id, id);
        var teamOrg = model.Teams.ToDictionary(t => t.Id, t => t.OrgId);
        foreach (var m in model.TeamMembers)
            if (teamOrg.TryGetValue(m.TeamId, out var org))
            {
                Cover(m.TeamId, m.UserId);
                Cover(org, m.UserId);
            }
        foreach (var m in model.OrgMembers) Cover(m.OrgId, m.UserId);

        // Roles that give something on a collection (not the none role, not a Kubernetes-only role); like the engine, a
        // model without the built-in role rows still has the built-in roles.
        var effectiveOnCollections = model.Roles.Select(r => (r.Id, r.Permissions))
            .Concat(BuiltInRoles.All.Where(b => !model.Roles.Any(r => r.Id == b.Id)).Select(b => (b.Id, b.Permissions)))
            .Where(r => r.Permissions.Any(p => catalog.TryGet(p, out var permission) && Applicability.Applies(permission, ResourceKind.Collection)))
            .Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var direct = new Dictionary<string, List<List<int>>>(StringComparer.Ordinal);
        foreach (var g in model.Grants)
        {
            if (g.ResourceKind != ResourceKind.Collection || g.CollectionId is null || g.SubjectKind == SubjectKind.ServiceAccount) continue;
            if (!effectiveOnCollections.Contains(g.RoleId) || !covered.TryGetValue(g.SubjectId, out var who)) continue;
            if (!direct.TryGetValue(g.CollectionId, out var lists)) direct[g.CollectionId] = lists = [];
            lists.Add(who);
        }

        // Depth-first: entering a collection adds its grants' covers to the per-user counts, leaving removes them.
        var holds = new int[users.Count];
        var distinct = 0;
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<(string Id, bool Leaving)>();
        foreach (var root in model.Collections)
            if (root.ParentId is null) stack.Push((root.Id, false));
        while (stack.Count > 0)
        {
            var (id, leaving) = stack.Pop();
            direct.TryGetValue(id, out var lists);
            if (leaving)
            {
                if (lists is not null)
                    foreach (var who in lists)
                        foreach (var u in who)
                            if (--holds[u] == 0) distinct--;
                continue;
            }
            if (lists is not null)
                foreach (var who in lists)
                    foreach (var u in who)
                        if (holds[u]++ == 0) distinct++;
            if (distinct > 0) result[id] = distinct;
            stack.Push((id, true));
            foreach (var child in index.ChildrenOf(id)) stack.Push((child, false));
        }
        return result;
    }
}
