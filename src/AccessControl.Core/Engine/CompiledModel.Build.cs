using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

internal sealed partial class CompiledModel
{
    public static CompiledModel Build(AccessModel model, ModelIndex index, PermissionCatalog catalog)
    {
        var words = (catalog.Count + 63) / 64;
        var perms = Permissions.Build(model, catalog, words);

        var users = model.Users;
        int teamBase = users.Length, orgBase = teamBase + model.Teams.Length;
        int saBase = orgBase + model.Orgs.Length, subjectCount = saBase + model.ServiceAccounts.Length;
        var subjectIds = new Guid[subjectCount];
        var subjectRefs = new string[subjectCount];
        var userById = new Dictionary<Guid, int>(users.Length);
        var teamById = new Dictionary<Guid, int>(model.Teams.Length);
        var orgById = new Dictionary<Guid, int>(model.Orgs.Length);
        var saById = new Dictionary<Guid, int>(model.ServiceAccounts.Length);
        var userByName = new Dictionary<string, int>(users.Length, StringComparer.OrdinalIgnoreCase);
        var teamByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var orgByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var saByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var active = new bool[users.Length];
        var admin = new bool[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            var u = users[i];
            userById[u.Id] = i; userByName[u.UserName] = i;
            subjectIds[i] = u.Id; subjectRefs[i] = "user:" + u.UserName;
            active[i] = u.Active; admin[i] = u.IsAdmin;
        }
        for (var i = 0; i < model.Orgs.Length; i++)
        {
            var o = model.Orgs[i];
            orgById[o.Id] = orgBase + i; orgByName[o.Name] = orgBase + i;
            subjectIds[orgBase + i] = o.Id; subjectRefs[orgBase + i] = "org:" + o.Name;
        }
        var teamOrg = new int[model.Teams.Length];
        for (var i = 0; i < model.Teams.Length; i++)
        {
            var t = model.Teams[i];
            var name = model.Orgs[orgById[t.OrgId] - orgBase].Name + "/" + t.Name;
            teamOrg[i] = orgById[t.OrgId];
            teamById[t.Id] = teamBase + i; teamByName[name] = teamBase + i;
            subjectIds[teamBase + i] = t.Id; subjectRefs[teamBase + i] = "team:" + name;
        }
        for (var i = 0; i < model.ServiceAccounts.Length; i++)
        {
            var s = model.ServiceAccounts[i];
            var name = s.Namespace + "/" + s.Name;
            saById[s.Id] = saBase + i; saByName[name] = saBase + i;
            subjectIds[saBase + i] = s.Id; subjectRefs[saBase + i] = "serviceaccount:" + name;
        }

        var cover = BuildCover(model, users.Length, teamBase, orgBase, saBase, subjectCount, teamOrg, userById, teamById, orgById);
        var coveredUsers = BuildCoveredUsers(cover, users.Length, subjectCount);
        var resources = Resources.Build(model, index);

        // Grants: keep those whose subject, resource and role exist; unknown role ids become empty roles.
        var grants = model.Grants;
        var keep = new List<int>(grants.Length);
        var gSubject = new int[grants.Length];
        var gResource = new int[grants.Length];
        var gRole = new int[grants.Length];
        for (var i = 0; i < grants.Length; i++)
        {
            var g = grants[i];
            var found = g.SubjectKind switch
            {
                SubjectKind.User => userById.TryGetValue(g.SubjectId, out gSubject[i]),
                SubjectKind.Team => teamById.TryGetValue(g.SubjectId, out gSubject[i]),
                SubjectKind.Org => orgById.TryGetValue(g.SubjectId, out gSubject[i]),
                _ => saById.TryGetValue(g.SubjectId, out gSubject[i]),
            };
            gResource[i] = resources.IndexOf(g);
            if (!found || gResource[i] < 0 || g.RoleId is null) continue;
            gRole[i] = perms.RoleIndex(g.RoleId);
            keep.Add(i);
        }
        var n = keep.Count;
        var ids = new Guid[n];
        var order = keep.ToArray();
        for (var k = 0; k < n; k++) ids[k] = grants[order[k]].Id;
        Array.Sort(ids, order);
        var grantSubject = new int[n];
        var grantResource = new int[n];
        var grantRole = new int[n];
        var seq = new int[n];
        for (var k = 0; k < n; k++)
        {
            grantSubject[k] = gSubject[order[k]]; grantResource[k] = gResource[order[k]]; grantRole[k] = gRole[order[k]];
            seq[k] = k;
        }

        return new CompiledModel
        {
            Catalog = catalog, Words = words, RoleBits = perms.Bits(), RoleIds = [.. perms.Ids],
            SwarmMask = perms.SwarmMask, NamespacedMask = perms.NamespacedMask, KubernetesMask = perms.KubernetesMask,
            PermissionsInIdOrder = perms.InIdOrder,
            TeamBase = teamBase, OrgBase = orgBase, ServiceAccountBase = saBase, SubjectCount = subjectCount,
            SubjectIds = subjectIds, SubjectRefs = subjectRefs, UserActive = active, UserAdmin = admin,
            Cover = cover, CoveredUsers = coveredUsers,
            UserByName = userByName, TeamByName = teamByName, OrgByName = orgByName, ServiceAccountByName = saByName,
            CollectionCount = resources.CollectionCount, AllNamespaces = resources.AllNamespaces,
            Parent = resources.Parent, Depth = resources.Depth, MaxDepth = resources.MaxDepth, Children = resources.Children,
            ResourceRefs = resources.Refs, ResourceOrder = OrdinalRanks(resources.Refs), CollectionByPath = resources.CollectionByPath, NamespaceByName = resources.NamespaceByName,
            GrantIds = ids, GrantSubject = grantSubject, GrantRole = grantRole, GrantResource = grantResource,
            GrantsByResource = Csr.Group(resources.AllNamespaces + 1, grantResource, seq),
            GrantsBySubject = Csr.Group(subjectCount, grantSubject, seq),
        };
    }

    /// <summary>
    /// Who covers whom. A user: itself, its teams, its orgs, and the orgs of its teams (domain.md's invariant makes a
    /// team member an org member; taking the team's org keeps the answer right even if stored memberships lag).
    /// A team: itself and its org. An org and a service account: itself.
    /// </summary>
    private static Csr BuildCover(AccessModel model, int userCount, int teamBase, int orgBase, int saBase, int subjectCount,
        int[] teamOrg, Dictionary<Guid, int> userById, Dictionary<Guid, int> teamById, Dictionary<Guid, int> orgById)
    {
        var keys = new List<int>(model.TeamMembers.Length * 2 + model.OrgMembers.Length);
        var values = new List<int>(keys.Capacity);
        foreach (var m in model.TeamMembers)
            if (userById.TryGetValue(m.UserId, out var u) && teamById.TryGetValue(m.TeamId, out var t))
            {
                keys.Add(u); values.Add(t);
                keys.Add(u); values.Add(teamOrg[t - teamBase]);
            }
        foreach (var m in model.OrgMembers)
            if (userById.TryGetValue(m.UserId, out var u) && orgById.TryGetValue(m.OrgId, out var o))
            {
                keys.Add(u); values.Add(o);
            }
        var byUser = Csr.Group(userCount, keys.ToArray(), values.ToArray());

        var offsets = new int[subjectCount + 1];
        var items = new List<int>(userCount + byUser.Items.Length + (subjectCount - userCount) * 2);
        var buffer = new List<int>();
        for (var s = 0; s < subjectCount; s++)
        {
            buffer.Clear();
            buffer.Add(s);
            if (s < userCount) foreach (var x in byUser[s]) buffer.Add(x);
            else if (s < orgBase) buffer.Add(teamOrg[s - teamBase]);
            buffer.Sort();
            for (var i = 0; i < buffer.Count; i++)
                if (i == 0 || buffer[i] != buffer[i - 1]) items.Add(buffer[i]);
            offsets[s + 1] = items.Count;
        }
        return new Csr { Offsets = offsets, Items = items.ToArray() };
    }

    private static int[] OrdinalRanks(string[] refs)
    {
        var byRef = new int[refs.Length];
        for (var i = 0; i < byRef.Length; i++) byRef[i] = i;
        Array.Sort(byRef, (a, b) => string.CompareOrdinal(refs[a], refs[b]));
        var rank = new int[refs.Length];
        for (var i = 0; i < byRef.Length; i++) rank[byRef[i]] = i;
        return rank;
    }

    private static Csr BuildCoveredUsers(Csr cover, int userCount, int subjectCount)
    {
        var end = cover.Offsets[userCount];
        var keys = new int[end];
        var values = new int[end];
        for (var u = 0; u < userCount; u++)
            for (var i = cover.Offsets[u]; i < cover.Offsets[u + 1]; i++)
            {
                keys[i] = cover.Items[i]; values[i] = u;
            }
        return Csr.Group(subjectCount, keys, values);
    }
}
