using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// domain.md's definition of <c>allowed</c>, written out by brute force: loops over every grant, walks parents one
/// lookup at a time. Shares nothing with the engine but the catalog, the built-in roles and the input records.
/// </summary>
internal sealed class Oracle(AccessModel m, PermissionCatalog catalog)
{
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
        for (var c = m.Collections.First(x => x.Id == collectionId); c.ParentId is not null; c = m.Collections.First(x => x.Id == c.ParentId))
            names.Insert(0, c.Name);
        return "/" + string.Join("/", names);
    }

    public string RefOf(Res r) => r.Kind switch
    {
        ResourceKind.Collection => "collection:" + PathOf(r.CollectionId!),
        ResourceKind.Namespace => "namespace:" + m.Namespaces.First(n => n.Id == r.NamespaceId).Name,
        _ => "namespace:*",
    };

    public string RefOf(Subj s) => s.Kind switch
    {
        SubjectKind.User => "user:" + m.Users.First(u => u.Id == s.Id).UserName,
        SubjectKind.Org => "org:" + m.Orgs.First(o => o.Id == s.Id).Name,
        SubjectKind.Team => "team:" + m.Orgs.First(o => o.Id == m.Teams.First(t => t.Id == s.Id).OrgId).Name + "/" + m.Teams.First(t => t.Id == s.Id).Name,
        _ => "serviceaccount:" + m.ServiceAccounts.First(a => a.Id == s.Id).Namespace + "/" + m.ServiceAccounts.First(a => a.Id == s.Id).Name,
    };

    private static Res ResourceOf(GrantInfo g) => new(g.ResourceKind, g.CollectionId, g.NamespaceId);

    public bool Applicable(Permission p, ResourceKind kind) =>
        p.Kind == PermissionKind.Swarm ? kind == ResourceKind.Collection
        : kind == ResourceKind.AllNamespaces || (kind == ResourceKind.Namespace && !p.ClusterScoped);

    public IEnumerable<string> RolePermissions(string roleId) =>
        (m.Roles.FirstOrDefault(r => r.Id == roleId)?.Permissions
         ?? BuiltInRoles.All.FirstOrDefault(r => r.Id == roleId)?.Permissions ?? []).Where(catalog.Contains);

    public bool Covers(GrantInfo g, Subj s) => s.Kind switch
    {
        SubjectKind.User =>
            (g.SubjectKind == SubjectKind.User && g.SubjectId == s.Id)
            || (g.SubjectKind == SubjectKind.Team && m.TeamMembers.Any(tm => tm.TeamId == g.SubjectId && tm.UserId == s.Id))
            || (g.SubjectKind == SubjectKind.Org && m.OrgMembers.Any(om => om.OrgId == g.SubjectId && om.UserId == s.Id)),
        SubjectKind.Team =>
            (g.SubjectKind == SubjectKind.Team && g.SubjectId == s.Id)
            || (g.SubjectKind == SubjectKind.Org && m.Teams.First(t => t.Id == s.Id).OrgId == g.SubjectId),
        _ => g.SubjectKind == s.Kind && g.SubjectId == s.Id,
    };

    /// <summary>contains(g.resource, R), with how far up R the grant sits (null when it does not contain R).</summary>
    public int? Distance(GrantInfo g, Res r)
    {
        if (g.ResourceKind == ResourceKind.Collection && r.Kind == ResourceKind.Collection)
        {
            var d = 0;
            for (string? c = r.CollectionId; c is not null; c = m.Collections.First(x => x.Id == c).ParentId, d++)
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
        (g.ResourceKind != ResourceKind.Collection || m.Collections.Any(c => c.Id == g.CollectionId))
        && (g.ResourceKind != ResourceKind.Namespace || m.Namespaces.Any(n => n.Id == g.NamespaceId));

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
            var u = m.Users.First(x => x.Id == s.Id);
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
        if (s.Kind == SubjectKind.User && !m.Users.First(u => u.Id == s.Id).Active) return result;
        var admin = s.Kind == SubjectKind.User && m.Users.First(u => u.Id == s.Id).IsAdmin;
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
