using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The subjects interned to dense ints: users [0, TeamBase), teams [TeamBase, OrgBase), orgs [OrgBase,
/// ServiceAccountBase), service accounts [ServiceAccountBase, SubjectCount), each range in the model's row order.
/// </summary>
internal sealed class SubjectTable
{
    public required int TeamBase { get; init; }
    public required int OrgBase { get; init; }
    public required int ServiceAccountBase { get; init; }
    public required int SubjectCount { get; init; }
    public required Guid[] Ids { get; init; }
    public required string[] Refs { get; init; }
    public required bool[] UserActive { get; init; }
    public required bool[] UserAdmin { get; init; }
    /// <summary>Team (minus TeamBase) → the subject index of its org.</summary>
    public required int[] TeamOrg { get; init; }
    public required Dictionary<Guid, int> UserById { get; init; }
    public required Dictionary<Guid, int> TeamById { get; init; }
    public required Dictionary<Guid, int> OrgById { get; init; }
    public required Dictionary<Guid, int> ServiceAccountById { get; init; }
    public required Dictionary<string, int> UserByName { get; init; }
    public required Dictionary<string, int> TeamByName { get; init; }
    public required Dictionary<string, int> OrgByName { get; init; }
    public required Dictionary<string, int> ServiceAccountByName { get; init; }
    /// <summary>Identifies this version of the table; <see cref="AppendedTo"/> of a table made by <see cref="TryAppend"/> from it.</summary>
    private object Version { get; } = new();
    private object? AppendedTo { get; init; }

    public static SubjectTable Build(AccessModel model)
    {
        var users = model.Users;
        int teamBase = users.Length, orgBase = teamBase + model.Teams.Length;
        int saBase = orgBase + model.Orgs.Length, count = saBase + model.ServiceAccounts.Length;
        var t = new SubjectTable
        {
            TeamBase = teamBase, OrgBase = orgBase, ServiceAccountBase = saBase, SubjectCount = count,
            Ids = new Guid[count], Refs = new string[count], UserActive = new bool[users.Length], UserAdmin = new bool[users.Length],
            TeamOrg = new int[model.Teams.Length],
            UserById = new(users.Length), TeamById = new(model.Teams.Length), OrgById = new(model.Orgs.Length),
            ServiceAccountById = new(model.ServiceAccounts.Length),
            UserByName = new(users.Length, StringComparer.OrdinalIgnoreCase), TeamByName = new(StringComparer.Ordinal),
            OrgByName = new(StringComparer.Ordinal), ServiceAccountByName = new(StringComparer.Ordinal),
        };
        for (var i = 0; i < users.Length; i++)
        {
            var u = users[i];
            t.UserById[u.Id] = i; t.UserByName[u.UserName] = i;
            t.Ids[i] = u.Id; t.Refs[i] = "user:" + u.UserName;
            t.UserActive[i] = u.Active; t.UserAdmin[i] = u.IsAdmin;
        }
        for (var i = 0; i < model.Orgs.Length; i++)
        {
            var o = model.Orgs[i];
            t.OrgById[o.Id] = orgBase + i; t.OrgByName[o.Name] = orgBase + i;
            t.Ids[orgBase + i] = o.Id; t.Refs[orgBase + i] = "org:" + o.Name;
        }
        for (var i = 0; i < model.Teams.Length; i++)
        {
            var team = model.Teams[i];
            var org = t.OrgById[team.OrgId];
            var name = model.Orgs[org - orgBase].Name + "/" + team.Name;
            t.TeamOrg[i] = org;
            t.TeamById[team.Id] = teamBase + i; t.TeamByName[name] = teamBase + i;
            t.Ids[teamBase + i] = team.Id; t.Refs[teamBase + i] = "team:" + name;
        }
        for (var i = 0; i < model.ServiceAccounts.Length; i++)
        {
            var s = model.ServiceAccounts[i];
            var name = s.Namespace + "/" + s.Name;
            t.ServiceAccountById[s.Id] = saBase + i; t.ServiceAccountByName[name] = saBase + i;
            t.Ids[saBase + i] = s.Id; t.Refs[saBase + i] = "serviceaccount:" + name;
        }
        return t;
    }

    /// <summary>
    /// The same table with the active and admin flags of <paramref name="touched"/> users read again from
    /// <paramref name="model"/>, or null when the change is more than flags (a user added, removed or renamed).
    /// </summary>
    public SubjectTable? WithUserFlags(AccessModel model, IEnumerable<Guid> touched)
    {
        if (model.Users.Length != TeamBase) return null;
        bool[] active = (bool[])UserActive.Clone(), admin = (bool[])UserAdmin.Clone();
        foreach (var id in touched)
        {
            if (!UserById.TryGetValue(id, out var i) || model.Users[i] is not { } u || u.Id != id || Refs[i] != "user:" + u.UserName)
                return null;
            active[i] = u.Active; admin[i] = u.IsAdmin;
        }
        return new SubjectTable
        {
            TeamBase = TeamBase, OrgBase = OrgBase, ServiceAccountBase = ServiceAccountBase, SubjectCount = SubjectCount,
            Ids = Ids, Refs = Refs, UserActive = active, UserAdmin = admin, TeamOrg = TeamOrg,
            UserById = UserById, TeamById = TeamById, OrgById = OrgById, ServiceAccountById = ServiceAccountById,
            UserByName = UserByName, TeamByName = TeamByName, OrgByName = OrgByName, ServiceAccountByName = ServiceAccountByName,
        };
    }

    /// <summary>
    /// The table after subjects were only added (and users' flags changed): old rows copied in their ranges, new ones
    /// appended to theirs. Users come first, so their lookups are copied and extended; the smaller kinds after them move
    /// up and are indexed again. Null for any other change (a subject removed or renamed, a group changed).
    /// </summary>
    public SubjectTable? TryAppend(AccessModel model, ModelDelta delta)
    {
        if (delta.Teams.Touched.Any(TeamById.ContainsKey) || delta.Orgs.Touched.Any(OrgById.ContainsKey)
            || delta.ServiceAccounts.Touched.Any(ServiceAccountById.ContainsKey)) return null;
        int oldTeams = OrgBase - TeamBase, oldOrgs = ServiceAccountBase - OrgBase, oldAccounts = SubjectCount - ServiceAccountBase;
        if (model.Teams.Length != oldTeams + delta.Teams.Rows.Length || model.Orgs.Length != oldOrgs + delta.Orgs.Rows.Length
            || model.ServiceAccounts.Length != oldAccounts + delta.ServiceAccounts.Rows.Length) return null;
        var newUsers = 0;
        foreach (var id in delta.Users.Touched)
        {
            if (!UserById.TryGetValue(id, out var i)) { newUsers++; continue; }
            if (i >= model.Users.Length || model.Users[i].Id != id || Refs[i] != "user:" + model.Users[i].UserName) return null;
        }
        if (model.Users.Length != TeamBase + newUsers || newUsers != delta.Users.Rows.Count(r => !UserById.ContainsKey(r.Id))) return null;

        int users = model.Users.Length, teamBase = users, orgBase = teamBase + model.Teams.Length;
        int saBase = orgBase + model.Orgs.Length, count = saBase + model.ServiceAccounts.Length;
        var t = new SubjectTable
        {
            TeamBase = teamBase, OrgBase = orgBase, ServiceAccountBase = saBase, SubjectCount = count,
            Ids = new Guid[count], Refs = new string[count], UserActive = new bool[users], UserAdmin = new bool[users],
            TeamOrg = new int[model.Teams.Length],
            UserById = new(UserById), TeamById = new(model.Teams.Length), OrgById = new(model.Orgs.Length),
            ServiceAccountById = new(model.ServiceAccounts.Length),
            UserByName = new(UserByName, UserByName.Comparer), TeamByName = new(StringComparer.Ordinal),
            OrgByName = new(StringComparer.Ordinal), ServiceAccountByName = new(StringComparer.Ordinal),
            AppendedTo = Version,
        };
        Array.Copy(Ids, t.Ids, TeamBase);
        Array.Copy(Refs, t.Refs, TeamBase);
        for (var i = 0; i < users; i++)
        {
            var u = model.Users[i];
            t.UserActive[i] = u.Active; t.UserAdmin[i] = u.IsAdmin;
            if (i < TeamBase) continue;
            t.UserById[u.Id] = i; t.UserByName[u.UserName] = i;
            t.Ids[i] = u.Id; t.Refs[i] = "user:" + u.UserName;
        }
        void Range(int oldBase, int oldCount, int newBase, int newCount, string prefix, Func<int, (Guid Id, string Name)> row,
            Dictionary<Guid, int> byId, Dictionary<string, int> byName)
        {
            for (var i = 0; i < newCount; i++)
            {
                var (id, name) = i < oldCount ? (Ids[oldBase + i], Refs[oldBase + i][prefix.Length..]) : row(i);
                t.Ids[newBase + i] = id;
                t.Refs[newBase + i] = i < oldCount ? Refs[oldBase + i] : prefix + name;
                byId[id] = newBase + i; byName[name] = newBase + i;
            }
        }
        Range(OrgBase, oldOrgs, orgBase, model.Orgs.Length, "org:", i => (model.Orgs[i].Id, model.Orgs[i].Name), t.OrgById, t.OrgByName);
        Range(TeamBase, oldTeams, teamBase, model.Teams.Length, "team:",
            i => (model.Teams[i].Id, model.Orgs[t.OrgById[model.Teams[i].OrgId] - orgBase].Name + "/" + model.Teams[i].Name), t.TeamById, t.TeamByName);
        for (var i = 0; i < model.Teams.Length; i++)
            t.TeamOrg[i] = i < oldTeams ? TeamOrg[i] - OrgBase + orgBase : t.OrgById[model.Teams[i].OrgId];
        Range(ServiceAccountBase, oldAccounts, saBase, model.ServiceAccounts.Length, "serviceaccount:",
            i => (model.ServiceAccounts[i].Id, model.ServiceAccounts[i].Namespace + "/" + model.ServiceAccounts[i].Name),
            t.ServiceAccountById, t.ServiceAccountByName);
        return t;
    }

    /// <summary>The index of a subject, or -1 when it is not in the model.</summary>
    public int IndexOf(SubjectKind kind, Guid id) => (kind switch
    {
        SubjectKind.User => UserById,
        SubjectKind.Team => TeamById,
        SubjectKind.Org => OrgById,
        _ => ServiceAccountById,
    }).TryGetValue(id, out var i) ? i : -1;

    public SubjectKind KindOf(int subject) =>
        subject < TeamBase ? SubjectKind.User : subject < OrgBase ? SubjectKind.Team
        : subject < ServiceAccountBase ? SubjectKind.Org : SubjectKind.ServiceAccount;

    /// <summary>Old index → index in <paramref name="next"/> (-1 when gone); null when nothing moved.</summary>
    public int[]? MapTo(SubjectTable next)
    {
        if (ReferenceEquals(Ids, next.Ids)) return null;
        var map = new int[SubjectCount];
        if (ReferenceEquals(next.AppendedTo, Version))
        {
            // Appended: every old subject keeps its place within its kind's range, which moved up by the rows added before it.
            for (var s = 0; s < SubjectCount; s++)
                map[s] = s < TeamBase ? s : s < OrgBase ? s - TeamBase + next.TeamBase
                    : s < ServiceAccountBase ? s - OrgBase + next.OrgBase : s - ServiceAccountBase + next.ServiceAccountBase;
            return map;
        }
        for (var s = 0; s < SubjectCount; s++) map[s] = next.IndexOf(KindOf(s), Ids[s]);
        return map;
    }
}
