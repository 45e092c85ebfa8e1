using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Grants;

namespace AccessControl.Web.Features.ModelDocument;

internal sealed partial class ModelApplier
{
    private readonly Dictionary<string, string> roleIds = new(Ord);        // role key → id
    private readonly Dictionary<string, string> roleRefs = new(Ord);       // role key → as the document names it
    private readonly Dictionary<string, string> collectionIds = new(Ord);  // normalized path → id
    private readonly Dictionary<string, string> collectionPaths = new(Ord); // normalized path → path
    private readonly Dictionary<string, Guid> namespaceIds = new(Ord);

    private static ModelRole Dto(Role r) => new(r.Name, r.Description, r.Permissions.Order(Ord).Select(p => (string?)p).ToList());

    private void Roles()
    {
        foreach (var b in BuiltInRoles.All) (roleIds[b.Id], roleRefs[b.Id]) = (b.Id, b.Id);
        var existing = s.Roles.Where(r => !r.BuiltIn && !BuiltInRoles.IsBuiltIn(r.Id)).ToDictionary(r => r.NormalizedName, Ord);
        foreach (var (norm, tr) in t.Roles.OrderBy(r => r.Key, Ord))
        {
            if (existing.TryGetValue(norm, out var role))
            {
                var before = Dto(role);
                if (role.Name != tr.Name) role.Name = tr.Name;
                if (role.Description != tr.Description) role.Description = tr.Description;
                if (!role.Permissions.Order(Ord).SequenceEqual(tr.Permissions)) role.Permissions = [.. tr.Permissions];
                var after = Dto(role);
                if (before.Name != after.Name || before.Description != after.Description || !before.Permissions!.SequenceEqual(after.Permissions!))
                    Add("update", "role", tr.Name, before, after);
            }
            else
            {
                role = new Role
                {
                    Id = Guid.NewGuid().ToString("N"), Name = tr.Name, NormalizedName = norm, Description = tr.Description, BuiltIn = false,
                    Permissions = [.. tr.Permissions], CreatedAt = now,
                };
                db.Roles.Add(role);
                Add("add", "role", tr.Name, after: Dto(role));
            }
            (roleIds["custom:" + norm], roleRefs["custom:" + norm]) = (role.Id, role.Name);
        }
        foreach (var role in existing.Where(e => !t.Roles.ContainsKey(e.Key)).OrderBy(e => e.Key, Ord).Select(e => e.Value))
        {
            db.Roles.Remove(role);
            Add("remove", "role", role.Name, before: Dto(role));
        }
    }

    private void Collections(Dictionary<string, string> pathsBefore)
    {
        var existing = new Dictionary<string, Collection>(Ord);
        foreach (var c in s.Collections)
        {
            var norm = Names.Normalize(pathsBefore[c.Id]);
            if (c.BuiltIn || BuiltInCollections.IsBuiltIn(c.Id)) (collectionIds[norm], collectionPaths[norm]) = (c.Id, pathsBefore[c.Id]);
            else existing[norm] = c;
        }
        foreach (var tc in t.Collections)
        {
            if (existing.TryGetValue(tc.NormalizedPath, out var c))
            {
                if (c.Name != tc.Name)
                {
                    Add("update", "collection", tc.Path, pathsBefore[c.Id], tc.Path);
                    c.Name = tc.Name;
                }
            }
            else
            {
                c = new Collection
                {
                    Id = Guid.NewGuid().ToString("N"), ParentId = collectionIds[tc.ParentNormalizedPath], Name = tc.Name,
                    NormalizedName = Names.Normalize(tc.Name), CreatedAt = now,
                };
                db.Collections.Add(c);
                Add("add", "collection", tc.Path);
            }
            (collectionIds[tc.NormalizedPath], collectionPaths[tc.NormalizedPath]) = (c.Id, tc.Path);
        }
        // Children before parents, so that the log reads in the order the rows go.
        foreach (var (norm, c) in existing.Where(e => !collectionIds.ContainsKey(e.Key)).OrderByDescending(e => e.Key, Ord))
        {
            db.Collections.Remove(c);
            Add("remove", "collection", pathsBefore[c.Id]);
        }
    }

    private void Namespaces()
    {
        var existing = s.Namespaces.ToDictionary(n => n.Name, Ord);
        foreach (var name in t.Namespaces.Order(Ord))
        {
            if (!existing.TryGetValue(name, out var ns))
            {
                db.Namespaces.Add(ns = new Namespace { Id = Guid.NewGuid(), Name = name, CreatedAt = now });
                Add("add", "namespace", name);
            }
            namespaceIds[name] = ns.Id;
        }
        foreach (var ns in s.Namespaces.Where(n => !t.Namespaces.Contains(n.Name)).OrderBy(n => n.Name, Ord))
        {
            db.Namespaces.Remove(ns);
            Add("remove", "namespace", ns.Name);
        }
    }

    private void Grants(Func<Grant, ModelGrant?> namerBefore)
    {
        var existing = s.Grants.ToDictionary(g => (g.SubjectKey, g.RoleId, g.ResourceKey));
        var kept = new HashSet<(string, string, string)>();
        var added = new List<(string Key, ModelGrant Grant)>();
        foreach (var tg in t.Grants)
        {
            var subjectId = tg.SubjectKind switch
            {
                SubjectKind.User => userIds[tg.SubjectKey],
                SubjectKind.Org => orgIds[tg.SubjectKey],
                SubjectKind.Team => teamIds[tg.SubjectKey],
                _ => accountIds[tg.SubjectKey],
            };
            var roleId = roleIds[tg.RoleKey];
            var collectionId = tg.ResourceKind == ResourceKind.Collection ? collectionIds[tg.ResourceKey] : null;
            Guid? namespaceId = tg.ResourceKind == ResourceKind.Namespace ? namespaceIds[tg.ResourceKey] : null;
            var key = (Grant.MakeSubjectKey(tg.SubjectKind, subjectId), roleId, Grant.MakeResourceKey(tg.ResourceKind, collectionId, namespaceId));
            if (!kept.Add(key) || existing.ContainsKey(key)) continue;
            db.Grants.Add(GrantRows.New(tg.SubjectKind, subjectId, roleId, tg.ResourceKind, collectionId, namespaceId, db.Actor, now));
            var named = Named(tg);
            added.Add(($"{named.Subject} {named.Role} {named.Resource}", named));
        }
        var removed = new List<(string Key, ModelGrant? Grant)>();
        foreach (var (key, g) in existing.Where(e => !kept.Contains(e.Key)))
        {
            db.Grants.Remove(g);
            var named = namerBefore(g);
            removed.Add((named is null ? g.Id.ToString() : $"{named.Subject} {named.Role} {named.Resource}", named));
        }
        foreach (var (key, g) in removed.OrderBy(r => r.Key, Ord)) Add("remove", "grant", key, before: g);
        foreach (var (key, g) in added.OrderBy(a => a.Key, Ord)) Add("add", "grant", key, after: g);
    }

    private ModelGrant Named(TargetGrant g) => new(
        g.SubjectKind == SubjectKind.User ? SubjectRef.User(t.Users[g.SubjectKey].UserName).ToString() : new SubjectRef(g.SubjectKind, g.SubjectKey).ToString(),
        roleRefs[g.RoleKey],
        g.ResourceKind switch
        {
            ResourceKind.Collection => ResourceRef.Collection(collectionPaths[g.ResourceKey]).ToString(),
            ResourceKind.Namespace => ResourceRef.Namespace(g.ResourceKey).ToString(),
            _ => ResourceRef.AllNamespaces.ToString(),
        });

    private void Settings(Dictionary<string, string> roleRefsBefore)
    {
        foreach (var (key, value) in t.Settings.OrderBy(x => x.Key, Ord))
        {
            var isRole = key == SettingKeys.DefaultNewUserRole;
            var stored = isRole ? roleIds[value] : value;
            var shown = isRole ? roleRefs[value] : value;
            var row = s.Settings.FirstOrDefault(x => x.Key == key);
            if (row is null)
            {
                db.Settings.Add(new Setting { Key = key, Value = stored });
                Add("add", "setting", key, after: shown);
            }
            else if (row.Value != stored)
            {
                Add("update", "setting", key, isRole ? roleRefsBefore.GetValueOrDefault(row.Value, row.Value) : row.Value, shown);
                row.Value = stored;
            }
        }
    }
}
