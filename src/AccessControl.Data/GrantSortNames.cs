using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AccessControl.Data;

/// <summary>
/// Keeps <see cref="Grant.SubjectName"/> and <see cref="Grant.ResourceName"/> (the grants grid's sort keys, indexed with
/// the id so that a page sorted by a name is an index range) equal to the names they copy, whatever the write path (API,
/// SCIM, model apply, demo data): <see cref="AccessControlDbContext"/>'s SaveChanges fills them on added grants and, when
/// a user, team, org, service account, collection or namespace is renamed, rewrites them on that subject's or resource
/// set's grants in the same transaction as the rename. They are derived data: the audit log leaves them out.
/// </summary>
public static class GrantSortNames
{
    /// <summary>Fills the existing grants' names from the tables (the migration that adds them and the bench's bulk load).
    /// The GrantsGrid migrations run this text: change it only together with a new migration.</summary>
    public const string BackfillSql = """
        UPDATE "Grants" SET
          "SubjectName" = COALESCE(
            (SELECT u."NormalizedUserName" FROM "Users" AS u WHERE u."Id" = "Grants"."UserId"),
            (SELECT upper(t."Name") FROM "Teams" AS t WHERE t."Id" = "Grants"."TeamId"),
            (SELECT upper(o."Name") FROM "Organizations" AS o WHERE o."Id" = "Grants"."OrgId"),
            (SELECT upper(a."Namespace" || '/' || a."Name") FROM "ServiceAccounts" AS a WHERE a."Id" = "Grants"."ServiceAccountId"),
            ''),
          "ResourceName" = COALESCE(
            (SELECT c."NormalizedName" FROM "Collections" AS c WHERE c."Id" = "Grants"."CollectionId"),
            (SELECT upper(n."Name") FROM "Namespaces" AS n WHERE n."Id" = "Grants"."NamespaceId"),
            '*')
        """;

    public static bool IsDerived(EntityEntry entry, string property) =>
        entry.Entity is Grant && property is nameof(Grant.SubjectName) or nameof(Grant.ResourceName);

    public static string OfUser(User u) => u.NormalizedUserName;
    public static string OfTeam(Team t) => Names.Normalize(t.Name);
    public static string OfOrg(Organization o) => Names.Normalize(o.Name);
    public static string OfServiceAccount(ServiceAccount a) => Names.Normalize(a.Namespace + "/" + a.Name);
    public static string OfCollection(Collection c) => c.NormalizedName;
    public static string OfNamespace(Namespace n) => Names.Normalize(n.Name);

    /// <summary>Whether this save renames something grants copy the name of (then it needs a transaction around it).</summary>
    public static bool HasRenames(AccessControlDbContext db) => Renames(db).Any();

    /// <summary>Before the save: names on the added grants, and the renamed names on the existing grants (an UPDATE per rename,
    /// which must run in the save's transaction).</summary>
    public static async Task ApplyAsync(AccessControlDbContext db, CancellationToken ct)
    {
        await FillAddedAsync(db, ct);
        foreach (var rename in Renames(db).ToList()) await rename(ct);
    }

    private static async Task FillAddedAsync(AccessControlDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<Grant>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0) return;
        var users = await NamesAsync(db.Users, added.Where(g => g.UserId != null).Select(g => g.UserId!.Value), u => u.Id, OfUser, ct);
        var teams = await NamesAsync(db.Teams, added.Where(g => g.TeamId != null).Select(g => g.TeamId!.Value), t => t.Id, OfTeam, ct);
        var orgs = await NamesAsync(db.Organizations, added.Where(g => g.OrgId != null).Select(g => g.OrgId!.Value), o => o.Id, OfOrg, ct);
        var accounts = await NamesAsync(db.ServiceAccounts, added.Where(g => g.ServiceAccountId != null).Select(g => g.ServiceAccountId!.Value), a => a.Id, OfServiceAccount, ct);
        var collections = await NamesAsync(db.Collections, added.Where(g => g.CollectionId != null).Select(g => g.CollectionId!), c => c.Id, OfCollection, ct);
        var namespaces = await NamesAsync(db.Namespaces, added.Where(g => g.NamespaceId != null).Select(g => g.NamespaceId!.Value), n => n.Id, OfNamespace, ct);
        foreach (var g in added)
        {
            g.SubjectName = (g.UserId is { } u ? users.GetValueOrDefault(u) : g.TeamId is { } t ? teams.GetValueOrDefault(t)
                : g.OrgId is { } o ? orgs.GetValueOrDefault(o) : g.ServiceAccountId is { } a ? accounts.GetValueOrDefault(a) : null) ?? "";
            g.ResourceName = (g.CollectionId is { } c ? collections.GetValueOrDefault(c) : g.NamespaceId is { } n ? namespaces.GetValueOrDefault(n) : "*") ?? "";
        }
    }

    /// <summary>The names of these ids: from the entities this context tracks (added in the same save, or renamed in it), else from the database.</summary>
    private static async Task<Dictionary<TKey, string>> NamesAsync<TEntity, TKey>(DbSet<TEntity> set, IEnumerable<TKey> ids,
        Func<TEntity, TKey> key, Func<TEntity, string> name, CancellationToken ct) where TEntity : class where TKey : notnull
    {
        var wanted = ids.ToHashSet();
        var names = new Dictionary<TKey, string>();
        if (wanted.Count == 0) return names;
        foreach (var e in set.Local)
            if (wanted.Contains(key(e))) names[key(e)] = name(e);
        var missing = wanted.Where(id => !names.ContainsKey(id)).ToList();
        foreach (var chunk in missing.Chunk(500))
            foreach (var e in await set.AsNoTracking().Where(x => chunk.Contains(EF.Property<TKey>(x, "Id"))).ToListAsync(ct))
                names[key(e)] = name(e);
        return names;
    }

    private static IEnumerable<Func<CancellationToken, Task>> Renames(AccessControlDbContext db)
    {
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified))
        {
            switch (e.Entity)
            {
                case User u when Changed(e, nameof(User.NormalizedUserName)):
                    yield return ct => db.Grants.Where(g => g.UserId == u.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.SubjectName, OfUser(u)), ct);
                    break;
                case Team t when Changed(e, nameof(Team.Name)):
                    yield return ct => db.Grants.Where(g => g.TeamId == t.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.SubjectName, OfTeam(t)), ct);
                    break;
                case Organization o when Changed(e, nameof(Organization.Name)):
                    yield return ct => db.Grants.Where(g => g.OrgId == o.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.SubjectName, OfOrg(o)), ct);
                    break;
                case ServiceAccount a when Changed(e, nameof(ServiceAccount.Name)) || Changed(e, nameof(ServiceAccount.Namespace)):
                    yield return ct => db.Grants.Where(g => g.ServiceAccountId == a.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.SubjectName, OfServiceAccount(a)), ct);
                    break;
                case Collection c when Changed(e, nameof(Collection.NormalizedName)):
                    yield return ct => db.Grants.Where(g => g.CollectionId == c.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.ResourceName, OfCollection(c)), ct);
                    break;
                case Namespace n when Changed(e, nameof(Namespace.Name)):
                    yield return ct => db.Grants.Where(g => g.NamespaceId == n.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.ResourceName, OfNamespace(n)), ct);
                    break;
            }
        }
    }

    private static bool Changed(EntityEntry e, string property)
    {
        var p = e.Property(property);
        return p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
    }
}
