using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>Every row the model document covers, loaded at once (tracked for a PUT, untracked for a GET), with name lookups.</summary>
internal sealed class ModelState
{
    public required List<User> Users { get; init; }
    public required List<Organization> Orgs { get; init; }
    public required List<Team> Teams { get; init; }
    public required List<OrgMember> OrgMembers { get; init; }
    public required List<TeamMember> TeamMembers { get; init; }
    public required List<ServiceAccount> ServiceAccounts { get; init; }
    public required List<Role> Roles { get; init; }
    public required List<Collection> Collections { get; init; }
    public required List<Namespace> Namespaces { get; init; }
    public required List<Grant> Grants { get; init; }
    public required List<Setting> Settings { get; init; }

    public static async Task<ModelState> LoadAsync(AccessControlDbContext db, bool track, CancellationToken ct)
    {
        IQueryable<T> Q<T>(DbSet<T> set) where T : class => track ? set : set.AsNoTracking();
        return new ModelState
        {
            Users = await Q(db.Users).ToListAsync(ct),
            Orgs = await Q(db.Organizations).ToListAsync(ct),
            Teams = await Q(db.Teams).ToListAsync(ct),
            OrgMembers = await Q(db.OrgMembers).ToListAsync(ct),
            TeamMembers = await Q(db.TeamMembers).ToListAsync(ct),
            ServiceAccounts = await Q(db.ServiceAccounts).ToListAsync(ct),
            Roles = await Q(db.Roles).ToListAsync(ct),
            Collections = await Q(db.Collections).ToListAsync(ct),
            Namespaces = await Q(db.Namespaces).ToListAsync(ct),
            Grants = await Q(db.Grants).ToListAsync(ct),
            Settings = await Q(db.Settings).ToListAsync(ct),
        };
    }

    /// <summary>The rows as a replay of the audit log left them (<see cref="ModelReplay"/>).</summary>
    public static ModelState From(ModelReplay r) => new()
    {
        Users = [.. r.Rows<User>()], Orgs = [.. r.Rows<Organization>()], Teams = [.. r.Rows<Team>()],
        OrgMembers = [.. r.Rows<OrgMember>()], TeamMembers = [.. r.Rows<TeamMember>()], ServiceAccounts = [.. r.Rows<ServiceAccount>()],
        Roles = [.. r.Rows<Role>()], Collections = [.. r.Rows<Collection>()], Namespaces = [.. r.Rows<Namespace>()],
        Grants = [.. r.Rows<Grant>()], Settings = [.. r.Rows<Setting>()],
    };

    /// <summary>Collection id → path ("/prod/api"), computed from the parent links.</summary>
    public Dictionary<string, string> CollectionPaths()
    {
        var byId = Collections.ToDictionary(c => c.Id);
        var paths = new Dictionary<string, string>();
        string PathOf(Collection c)
        {
            if (paths.TryGetValue(c.Id, out var p)) return p;
            p = c.ParentId is null || !byId.TryGetValue(c.ParentId, out var parent) ? "/"
                : PathOf(parent) is var pp && pp == "/" ? "/" + c.Name : pp + "/" + c.Name;
            return paths[c.Id] = p;
        }
        foreach (var c in Collections) PathOf(c);
        return paths;
    }

    /// <summary>How the document names a role: a built-in by id, a custom role by name.</summary>
    public static string RoleRef(Role r) => r.BuiltIn || BuiltInRoles.IsBuiltIn(r.Id) ? r.Id : r.Name;

    /// <summary>Grant id → its {subject, role, resource} as the document writes it (null when a row it names is missing).</summary>
    public Func<Grant, ModelGrant?> GrantNamer()
    {
        var users = Users.ToDictionary(u => u.Id, u => u.UserName);
        var orgs = Orgs.ToDictionary(o => o.Id, o => o.Name);
        var teams = Teams.ToDictionary(t => t.Id, t => orgs.TryGetValue(t.OrgId, out var o) ? $"{o}/{t.Name}" : null);
        var accounts = ServiceAccounts.ToDictionary(s => s.Id, s => $"{s.Namespace}/{s.Name}");
        var roles = Roles.ToDictionary(r => r.Id, RoleRef);
        var paths = CollectionPaths();
        var namespaces = Namespaces.ToDictionary(n => n.Id, n => n.Name);
        return g =>
        {
            string? subject = g.SubjectKind switch
            {
                SubjectKind.User => g.UserId is { } u && users.TryGetValue(u, out var n) ? SubjectRef.User(n).ToString() : null,
                SubjectKind.Org => g.OrgId is { } o && orgs.TryGetValue(o, out var n) ? SubjectRef.Org(n).ToString() : null,
                SubjectKind.Team => g.TeamId is { } t && teams.TryGetValue(t, out var n) && n is not null ? $"team:{n}" : null,
                _ => g.ServiceAccountId is { } s && accounts.TryGetValue(s, out var n) ? $"serviceaccount:{n}" : null,
            };
            string? resource = g.ResourceKind switch
            {
                ResourceKind.Collection => g.CollectionId is { } c && paths.TryGetValue(c, out var p) ? ResourceRef.Collection(p).ToString() : null,
                ResourceKind.Namespace => g.NamespaceId is { } ns && namespaces.TryGetValue(ns, out var n) ? ResourceRef.Namespace(n).ToString() : null,
                _ => ResourceRef.AllNamespaces.ToString(),
            };
            return subject is null || resource is null || !roles.TryGetValue(g.RoleId, out var role) ? null : new ModelGrant(subject, role, resource);
        };
    }
}
