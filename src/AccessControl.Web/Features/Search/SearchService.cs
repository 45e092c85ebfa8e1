using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Search;

[Flags]
public enum SearchKinds
{
    User = 1, Team = 2, Org = 4, ServiceAccount = 8, Role = 16, Collection = 32, Namespace = 64,
    Subjects = User | Team | Org | ServiceAccount,
    ResourceSets = Collection | Namespace,
    All = Subjects | Role | ResourceSets,
}

/// <summary>
/// One thing found by name: its kind, its reference as the API writes it (<c>user:alice</c>, <c>collection:/prod</c>,
/// a role's id), what to show, and the console page that shows it.
/// </summary>
public sealed record SearchHit(SearchKinds Kind, string Reference, string Label, string? Detail, string Href);

/// <summary>
/// Finds users, teams, organizations, service accounts, roles, collections and namespaces by part of their name, in the
/// database (no list held in memory), at most <c>limit</c> of each kind. Backs the console's global search and pickers.
/// </summary>
public sealed class SearchService(IDbContextFactory<AccessControlDbContext> dbs)
{
    public const int DefaultLimit = 8;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, SearchKinds kinds, int limit = DefaultLimit, CancellationToken ct = default)
    {
        var s = Names.Normalize((text ?? "").Trim());
        await using var db = await dbs.CreateDbContextAsync(ct);
        var hits = new List<SearchHit>();
        if (kinds.HasFlag(SearchKinds.User))
            hits.AddRange((await db.Users.AsNoTracking()
                    .Where(u => u.NormalizedUserName.Contains(s) || (u.DisplayName != null && u.DisplayName.ToUpper().Contains(s)))
                    .OrderBy(u => u.NormalizedUserName).Take(limit)
                    .Select(u => new { u.UserName, u.DisplayName, u.Active }).ToListAsync(ct))
                .Select(u => new SearchHit(SearchKinds.User, SubjectRef.User(u.UserName).ToString(), u.UserName,
                    u.Active ? u.DisplayName : $"{u.DisplayName} (inactive)".Trim(), Links.User(u.UserName))));
        if (kinds.HasFlag(SearchKinds.Org))
            hits.AddRange((await db.Organizations.AsNoTracking().Where(o => o.Name.ToUpper().Contains(s))
                    .OrderBy(o => o.Name).Take(limit).Select(o => o.Name).ToListAsync(ct))
                .Select(o => new SearchHit(SearchKinds.Org, SubjectRef.Org(o).ToString(), o, "organization", Links.Org(o))));
        if (kinds.HasFlag(SearchKinds.Team))
        {
            var (orgPart, teamPart) = s.Contains('/') ? (s[..s.IndexOf('/')], s[(s.IndexOf('/') + 1)..]) : ("", s);
            hits.AddRange((await db.Teams.AsNoTracking()
                    .Where(t => t.Org!.Name.ToUpper().Contains(orgPart) && (t.Name.ToUpper().Contains(teamPart) || (orgPart == "" && t.Org!.Name.ToUpper().Contains(teamPart))))
                    .OrderBy(t => t.Org!.Name).ThenBy(t => t.Name).Take(limit)
                    .Select(t => new { Org = t.Org!.Name, t.Name }).ToListAsync(ct))
                .Select(t => new SearchHit(SearchKinds.Team, SubjectRef.Team(t.Org, t.Name).ToString(), $"{t.Org}/{t.Name}", "team", Links.Team(t.Org, t.Name))));
        }
        if (kinds.HasFlag(SearchKinds.ServiceAccount))
            hits.AddRange((await db.ServiceAccounts.AsNoTracking()
                    .Where(a => a.Name.ToUpper().Contains(s) || a.Namespace.ToUpper().Contains(s))
                    .OrderBy(a => a.Namespace).ThenBy(a => a.Name).Take(limit).Select(a => new { a.Namespace, a.Name }).ToListAsync(ct))
                .Select(a => new SearchHit(SearchKinds.ServiceAccount, SubjectRef.ServiceAccount(a.Namespace, a.Name).ToString(),
                    $"{a.Namespace}/{a.Name}", "service account", Links.ServiceAccount(a.Namespace, a.Name))));
        if (kinds.HasFlag(SearchKinds.Role))
            hits.AddRange((await db.Roles.AsNoTracking().Where(r => r.NormalizedName.Contains(s) || r.Id.ToUpper().Contains(s))
                    .OrderBy(r => !r.BuiltIn).ThenBy(r => r.NormalizedName).Take(limit).Select(r => new { r.Id, r.Name, r.BuiltIn }).ToListAsync(ct))
                .Select(r => new SearchHit(SearchKinds.Role, r.Id, r.Name, r.BuiltIn ? "built-in role" : "custom role", Links.Role(r.Id))));
        if (kinds.HasFlag(SearchKinds.Collection))
            hits.AddRange(await CollectionsAsync(db, s, limit, ct));
        if (kinds.HasFlag(SearchKinds.Namespace))
        {
            if ("ALL NAMESPACES *".Contains(s, StringComparison.Ordinal))
                hits.Add(new SearchHit(SearchKinds.Namespace, ResourceRef.AllNamespaces.ToString(), "All namespaces", "namespace:*", Links.Namespaces));
            hits.AddRange((await db.Namespaces.AsNoTracking().Where(n => n.Name.ToUpper().Contains(s))
                    .OrderBy(n => n.Name).Take(limit).Select(n => n.Name).ToListAsync(ct))
                .Select(n => new SearchHit(SearchKinds.Namespace, ResourceRef.Namespace(n).ToString(), n, "namespace", Links.Namespace(n))));
        }
        return hits;
    }

    private static async Task<IEnumerable<SearchHit>> CollectionsAsync(AccessControlDbContext db, string s, int limit, CancellationToken ct)
    {
        // A path typed in full ("/Shared/Private") finds that collection; otherwise names that contain the text.
        var name = s.TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var ids = await db.Collections.AsNoTracking().Where(c => c.NormalizedName.Contains(name))
            .OrderBy(c => c.ParentId != null).ThenBy(c => c.NormalizedName).Take(limit * 4).Select(c => c.Id).ToListAsync(ct);
        var paths = await CollectionTree.PathsAsync(db, ids, ct);
        return ids.Select(id => (Id: id, Path: paths[id]))
            .Where(c => !s.StartsWith('/') || Names.Normalize(c.Path).StartsWith(s.TrimEnd('/'), StringComparison.Ordinal) || s == "/")
            .OrderBy(c => c.Path.Count(ch => ch == '/')).ThenBy(c => c.Path, StringComparer.OrdinalIgnoreCase).Take(limit)
            .Select(c => new SearchHit(SearchKinds.Collection, ResourceRef.Collection(c.Path).ToString(), c.Path, "collection", Links.Collection(c.Id)));
    }
}
