using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// domain.md's definition of <c>allowed</c>, written out by brute force: loops over every grant, walks parents one
/// lookup at a time. Shares nothing with the engine but the catalog, the built-in roles and the input records.
/// Rows are looked up through plain dictionaries built here, so that it also answers on the benchmark's generated
/// models (bench/ links this file); every question still visits every grant.
/// </summary>
internal sealed class Oracle(AccessModel m, PermissionCatalog catalog)
{
    private readonly Dictionary<string, CollectionInfo> collections = m.Collections.ToDictionary(c => c.Id);
    private readonly Dictionary<Guid, UserInfo> users = m.Users.ToDictionary(u => u.Id);
    private readonly Dictionary<Guid, TeamInfo> teams = m.Teams.ToDictionary(t => t.Id);
    private readonly Dictionary<Guid, OrgInfo> orgs = m.Orgs.ToDictionary(o => o.Id);
    private readonly Dictionary<Guid, ServiceAccountInfo> accounts = m.ServiceAccounts.ToDictionary(a => a.Id);
    private readonly Dictionary<Guid, NamespaceInfo> namespaces = m.Namespaces.ToDictionary(n => n.Id);
    private readonly HashSet<(Guid Team, Guid User)> teamMembers = [.. m.TeamMembers.Select(x => (x.TeamId, x.UserId))];
    private readonly HashSet<(Guid Org, Guid User)> orgMembers = [.. m.OrgMembers.Select(x => (x.OrgId, x.UserId))];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> rolePermissions = new();

    public sealed record Res(ResourceKind Kind, string? CollectionId = null, Guid? NamespaceId = null);
    public sealed record Subj(SubjectKind Kind, Guid Id);
    public sealed record Reason(Guid Grant, string Subject, string Role, string Resource, string Via, string? InheritedFrom);
    public sealed record Answer(bool Allowed, bool ViaAdmin, DenialReason? Denial, List<Reason> Because, List<Guid> Nearest);

    public IEnumerable<Res> AllResources() =>
        m.Collections.Select(c => new Res(ResourceKind.Collection, c.Id))
            .Concat(m.Namespaces.Select(n => new Res(ResourceKind.Namespace, null, n.Id)))
            .Append(new Res(ResourceKind.AllNamespaces));

    public IEnumerable<Subj> AllSubjects() =>
        m.Users.Select(u => new Subj(SubjectKind.User, u.Id))
            .Concat(m.Teams.Select(t => new Subj(SubjectKind.Team, t.Id)))
            .Concat(m.Orgs.Select(o => new Subj(SubjectKind.Org, o.Id)))
            .Concat(m.ServiceAccounts.Select(s => new Subj(SubjectKind.ServiceAccount, s.Id)));

    public string PathOf(string collectionId)
    {
        var names = new List<string>();
        for (var c = collections[collectionId]; c.ParentId is not null; c = collections[c.ParentId])
            names.Insert(0, c.Name);
        return "/" + string.Join("/", names);
    }

    public string RefOf(Res r) => r.Kind switch
    {
        ResourceKind.Collection => "collection:" + PathOf(r.CollectionId!),
        ResourceKind.Namespace => "namespace:" + namespaces[r.NamespaceId!.Value].Name,
        _ => "namespace:*",
    };

    public string RefOf(Subj s) => s.Kind switch
    {
        SubjectKind.User => "user:" + users[s.Id].UserName,
        SubjectKind.Org => "org:" + orgs[s.Id].Name,
        SubjectKind.Team => "team:" + orgs[teams[s.Id].OrgId].Name + "/" + teams[s.Id].Name,
        _ => "serviceaccount:" + accounts[s.Id].Namespace + "/" + accounts[s.Id].Name,
    };

    private static Res ResourceOf(GrantInfo g) => new(g.ResourceKind, g.CollectionId, g.NamespaceId);

    public bool Applicable(Permission p, ResourceKind kind) =>
        p.Kind == PermissionKind.Swarm ? kind == ResourceKind.Collection
        : kind == ResourceKind.AllNamespaces || (kind == ResourceKind.Namespace && !p.ClusterScoped);

    public IReadOnlySet<string> RolePermissions(string roleId) =>
        rolePermissions.GetOrAdd(roleId, id => [.. (m.Roles.FirstOrDefault(r => r.Id == id)?.Permissions
            ?? BuiltInRoles.All.FirstOrDefault(r => r.Id == id)?.Permissions ?? []).Where(catalog.Contains)]);

    public bool Covers(GrantInfo g, Subj s) => s.Kind switch
    {
        SubjectKind.User =>
            (g.SubjectKind == SubjectKind.User && g.SubjectId == s.Id)
            || (g.SubjectKind == SubjectKind.Team && teamMembers.Contains((g.SubjectId, s.Id)))
            || (g.SubjectKind == SubjectKind.Org && orgMembers.Contains((g.SubjectId, s.Id))),
        SubjectKind.Team =>
            (g.SubjectKind == SubjectKind.Team && g.SubjectId == s.Id)
            || (g.SubjectKind == SubjectKind.Org && teams[s.Id].OrgId == g.SubjectId),
        _ => g.SubjectKind == s.Kind && g.SubjectId == s.Id,
    };

    /// <summary>contains(g.resource, R), with how far up R the grant sits (null when it does not contain R).</summary>
    public int? Distance(GrantInfo g, Res r)
    {
        if (g.ResourceKind == ResourceKind.Collection && r.Kind == ResourceKind.Collection)
        {
            var d = 0;
            for (string? c = r.CollectionId; c is not null; c = collections[c].ParentId, d++)
                if (c == g.CollectionId) return d;
            return null;
        }
        if (g.ResourceKind == ResourceKind.Namespace)
            return r.Kind == ResourceKind.Namespace && r.NamespaceId == g.NamespaceId ? 0 : null;
        if (g.ResourceKind == ResourceKind.AllNamespaces)
            return r.Kind == ResourceKind.AllNamespaces ? 0 : r.Kind == ResourceKind.Namespace ? 1 : null;
        return null;
    }

    private bool Live(GrantInfo g) =>
        (g.ResourceKind != ResourceKind.Collection || g.CollectionId is not null && collections.ContainsKey(g.CollectionId))
        && (g.ResourceKind != ResourceKind.Namespace || g.NamespaceId is { } ns && namespaces.ContainsKey(ns));

    /// <summary>The grants covering s that contain r, nearest first, then by id.</summary>
    private List<GrantInfo> OnPath(Subj s, Res r) =>
        [.. m.Grants.Where(g => Live(g) && Covers(g, s) && Distance(g, r) is not null).OrderBy(g => Distance(g, r)).ThenBy(g => g.Id)];

    private Reason ReasonOf(GrantInfo g, Res r)
    {
        var subject = RefOf(new Subj(g.SubjectKind, g.SubjectId));
        var on = RefOf(ResourceOf(g));
        return new Reason(g.Id, subject, g.RoleId, on, subject, Distance(g, r) == 0 ? null : on);
    }

    public Answer Check(Subj s, string permission, Res r)
    {
        var p = catalog.Get(permission);
        if (!Applicable(p, r.Kind)) return new(false, false, DenialReason.NotApplicable, [], []);
        if (s.Kind == SubjectKind.User)
        {
            var u = users[s.Id];
            if (!u.Active) return new(false, false, DenialReason.Inactive, [], []);
            if (u.IsAdmin) return new(true, true, null, [], []);
        }
        var path = OnPath(s, r);
        var because = path.Where(g => RolePermissions(g.RoleId).Contains(permission)).Select(g => ReasonOf(g, r)).ToList();
        return because.Count > 0
            ? new(true, false, null, because, [])
            : new(false, false, DenialReason.NoGrant, [], [.. path.Select(g => g.Id)]);
    }

    /// <summary>Every resource set with the permissions held there and the grants giving them, for a non-admin active subject.</summary>
    public SortedDictionary<string, (SortedSet<string> Permissions, List<Reason> Because)> Effective(Subj s)
    {
        var result = new SortedDictionary<string, (SortedSet<string>, List<Reason>)>(StringComparer.Ordinal);
        if (s.Kind == SubjectKind.User && !users[s.Id].Active) return result;
        var admin = s.Kind == SubjectKind.User && users[s.Id].IsAdmin;
        foreach (var r in AllResources())
        {
            var perms = new SortedSet<string>(StringComparer.Ordinal);
            var because = new List<Reason>();
            if (admin)
                perms.UnionWith(catalog.All.Where(p => Applicable(p, r.Kind)).Select(p => p.Id));
            else
                foreach (var g in OnPath(s, r))
                {
                    var gives = RolePermissions(g.RoleId).Where(id => Applicable(catalog.Get(id), r.Kind)).ToList();
                    if (gives.Count == 0) continue;
                    perms.UnionWith(gives);
                    because.Add(ReasonOf(g, r));
                }
            if (perms.Count > 0) result[RefOf(r)] = (perms, because);
        }
        return result;
    }
}
