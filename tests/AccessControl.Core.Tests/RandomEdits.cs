using System.Collections.Immutable;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// Random changes to a model as the database makes them: what a delete cascades to goes with it (a user's memberships
/// and grants, a team's, a collection's grants), names stay unique, the collection tree stays a tree.
/// </summary>
internal sealed class RandomEdits(Random rng, AccessModel start)
{
    private readonly List<UserInfo> users = [.. start.Users];
    private readonly List<OrgInfo> orgs = [.. start.Orgs];
    private readonly List<TeamInfo> teams = [.. start.Teams];
    private readonly List<OrgMemberInfo> orgMembers = [.. start.OrgMembers];
    private readonly List<TeamMemberInfo> teamMembers = [.. start.TeamMembers];
    private readonly List<ServiceAccountInfo> accounts = [.. start.ServiceAccounts];
    private readonly List<RoleInfo> roles = [.. start.Roles];
    private readonly List<CollectionInfo> collections = [.. start.Collections];
    private readonly List<NamespaceInfo> namespaces = [.. start.Namespaces];
    private readonly List<GrantInfo> grants = [.. start.Grants];
    private int made;

    public AccessModel Model => new([.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers], [.. accounts],
        [.. roles], [.. collections], [.. namespaces], [.. grants]);

    private Guid NewId() => new(Enumerable.Range(0, 16).Select(_ => (byte)rng.Next(256)).ToArray());
    private T Pick<T>(List<T> from) => from[rng.Next(from.Count)];

    /// <summary>Makes one random change; returns its name (for failure messages).</summary>
    public string Step()
    {
        var kind = rng.Next(20);
        made++;
        switch (kind)
        {
            case 0 or 1 or 2:
                AddGrant(); return "grant added";
            case 3 when grants.Count > 0:
                grants.RemoveAt(rng.Next(grants.Count)); return "grant deleted";
            case 4 when grants.Count > 0:
                var g = rng.Next(grants.Count);
                grants[g] = grants[g] with { RoleId = PickRole() }; return "grant role changed";
            case 5 when teams.Count > 0:
                var t = Pick(teams);
                var u = Pick(users);
                if (!teamMembers.Any(m => m.TeamId == t.Id && m.UserId == u.Id)) teamMembers.Add(new(t.Id, u.Id, false));
                if (!orgMembers.Any(m => m.OrgId == t.OrgId && m.UserId == u.Id)) orgMembers.Add(new(t.OrgId, u.Id, false));
                return "team member added";
            case 6 when teamMembers.Count > 0:
                teamMembers.RemoveAt(rng.Next(teamMembers.Count)); return "team member removed";
            case 7 when orgMembers.Count > 0:
                var om = orgMembers[rng.Next(orgMembers.Count)];
                orgMembers.Remove(om);
                teamMembers.RemoveAll(m => m.UserId == om.UserId && teams.Any(x => x.Id == m.TeamId && x.OrgId == om.OrgId));
                return "org member removed";
            case 8:
                var i = rng.Next(users.Count);
                users[i] = rng.Next(3) == 0 ? users[i] with { IsAdmin = !users[i].IsAdmin } : users[i] with { Active = !users[i].Active };
                return "user flag toggled";
            case 9:
                users.Add(new UserInfo(NewId(), $"New{made}", rng.NextDouble() < 0.9, rng.NextDouble() < 0.05)); return "user created";
            case 10 when users.Count > 1:
                var gone = users[rng.Next(users.Count)];
                users.Remove(gone);
                Cascade(SubjectKind.User, gone.Id);
                return "user deleted";
            case 11:
                var r = rng.Next(users.Count);
                users[r] = users[r] with { UserName = $"Renamed{made}" }; return "user renamed";
            case 12:
                var org = Pick(orgs);
                if (rng.Next(2) == 0) teams.Add(new TeamInfo(NewId(), org.Id, $"t{made}"));
                else if (teams.Count > 0)
                {
                    var team = Pick(teams);
                    teams.Remove(team);
                    Cascade(SubjectKind.Team, team.Id);
                }
                return "team created or deleted";
            case 13 when roles.Count > 0:
                var ro = rng.Next(roles.Count);
                var perms = PermissionCatalog.Default.All.Where(_ => rng.NextDouble() < 0.2).Select(p => p.Id);
                roles[ro] = roles[ro] with { Permissions = [.. perms] }; return "role edited";
            case 14:
                roles.Add(new RoleInfo($"new{made}", $"New {made}", [.. PermissionCatalog.Default.All.Where(_ => rng.NextDouble() < 0.3).Select(p => p.Id)]));
                return "role created";
            case 15:
                var parent = Pick(collections);
                if (Depth(parent.Id) < 6) collections.Add(new CollectionInfo($"n{made}", parent.Id, $"new{made}"));
                return "collection created";
            case 16:
                MoveOrRenameCollection(); return "collection moved or renamed";
            case 17:
                var leaf = collections.Where(c => !BuiltInCollections.IsBuiltIn(c.Id) && collections.All(x => x.ParentId != c.Id)).ToList();
                if (leaf.Count > 0)
                {
                    var c = Pick(leaf);
                    collections.Remove(c);
                    grants.RemoveAll(x => x.CollectionId == c.Id);
                }
                return "collection deleted";
            case 18:
                if (rng.Next(2) == 0 || namespaces.Count == 0) namespaces.Add(new NamespaceInfo(NewId(), $"ns-new{made}"));
                else
                {
                    var ns = Pick(namespaces);
                    namespaces.Remove(ns);
                    grants.RemoveAll(x => x.NamespaceId == ns.Id);
                }
                return "namespace created or deleted";
            case 19:
                if (rng.Next(2) == 0 || accounts.Count == 0) accounts.Add(new ServiceAccountInfo(NewId(), "default", $"sa-new{made}"));
                else
                {
                    var sa = Pick(accounts);
                    accounts.Remove(sa);
                    Cascade(SubjectKind.ServiceAccount, sa.Id);
                }
                return "service account created or deleted";
        }
        AddGrant();
        return "grant added";
    }

    private void AddGrant()
    {
        var subjects = users.Select(u => (SubjectKind.User, u.Id)).Concat(teams.Select(t => (SubjectKind.Team, t.Id)))
            .Concat(orgs.Select(o => (SubjectKind.Org, o.Id))).Concat(accounts.Select(a => (SubjectKind.ServiceAccount, a.Id))).ToList();
        var (kind, id) = subjects[rng.Next(subjects.Count)];
        var role = PickRole();
        var where = rng.NextDouble();
        grants.Add(where < 0.7 || namespaces.Count == 0
            ? new GrantInfo(NewId(), kind, id, role, ResourceKind.Collection, Pick(collections).Id, null)
            : where < 0.9 ? new GrantInfo(NewId(), kind, id, role, ResourceKind.Namespace, null, Pick(namespaces).Id)
            : new GrantInfo(NewId(), kind, id, role, ResourceKind.AllNamespaces, null, null));
    }

    private string PickRole() => Pick(roles.Count > 0 ? roles.Select(r => r.Id).ToList() : BuiltInRoles.All.Select(r => r.Id).ToList());

    private void Cascade(SubjectKind kind, Guid id)
    {
        grants.RemoveAll(g => g.SubjectKind == kind && g.SubjectId == id);
        if (kind == SubjectKind.User)
        {
            teamMembers.RemoveAll(m => m.UserId == id);
            orgMembers.RemoveAll(m => m.UserId == id);
        }
        if (kind == SubjectKind.Team) teamMembers.RemoveAll(m => m.TeamId == id);
    }

    private int Depth(string id)
    {
        var d = 0;
        for (var c = collections.First(x => x.Id == id); c.ParentId is not null; c = collections.First(x => x.Id == c.ParentId)) d++;
        return d;
    }

    private int Height(string id) => 1 + collections.Where(c => c.ParentId == id).Select(c => Height(c.Id)).DefaultIfEmpty(0).Max();

    private bool IsUnder(string id, string ancestor)
    {
        for (CollectionInfo? c = collections.First(x => x.Id == id); c is not null; c = c.ParentId is null ? null : collections.First(x => x.Id == c.ParentId))
            if (c.Id == ancestor) return true;
        return false;
    }

    private void MoveOrRenameCollection()
    {
        var movable = collections.Where(c => !BuiltInCollections.IsBuiltIn(c.Id)).ToList();
        if (movable.Count == 0) return;
        var c = Pick(movable);
        var i = collections.IndexOf(c);
        if (rng.Next(2) == 0) { collections[i] = c with { Name = $"renamed{made}" }; return; }
        var target = Pick(collections);
        if (IsUnder(target.Id, c.Id) || Depth(target.Id) + Height(c.Id) > 6) return;
        if (collections.Any(x => x.ParentId == target.Id && string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase))) return;
        collections[i] = c with { ParentId = target.Id };
    }

    /// <summary>The delta from <paramref name="before"/> to <paramref name="after"/>: every key whose row differs, with its row now.</summary>
    public static ModelDelta Diff(AccessModel before, AccessModel after) => new()
    {
        Users = Table(before.Users, after.Users, u => u.Id),
        Orgs = Table(before.Orgs, after.Orgs, o => o.Id),
        Teams = Table(before.Teams, after.Teams, t => t.Id),
        OrgMembers = Table(before.OrgMembers, after.OrgMembers, ModelDelta.KeyOf),
        TeamMembers = Table(before.TeamMembers, after.TeamMembers, ModelDelta.KeyOf),
        ServiceAccounts = Table(before.ServiceAccounts, after.ServiceAccounts, s => s.Id),
        Roles = Table(before.Roles, after.Roles, r => r.Id, (a, b) => a.Name == b.Name && a.Permissions.SequenceEqual(b.Permissions)),
        Collections = Table(before.Collections, after.Collections, c => c.Id),
        Namespaces = Table(before.Namespaces, after.Namespaces, n => n.Id),
        Grants = Table(before.Grants, after.Grants, g => g.Id),
    };

    private static TableDelta<TKey, TRow> Table<TKey, TRow>(ImmutableArray<TRow> before, ImmutableArray<TRow> after, Func<TRow, TKey> key,
        Func<TRow, TRow, bool>? same = null) where TKey : notnull
    {
        same ??= EqualityComparer<TRow>.Default.Equals;
        var old = before.ToDictionary(key);
        var now = after.ToDictionary(key);
        var touched = old.Keys.Where(k => !now.TryGetValue(k, out var n) || !same(old[k], n))
            .Concat(now.Keys.Where(k => !old.ContainsKey(k))).ToImmutableArray();
        return new(touched, [.. touched.Where(now.ContainsKey).Select(k => now[k])]);
    }
}
