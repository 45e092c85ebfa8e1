namespace AccessControl.Core.Model;

/// <summary>
/// Name lookups over an <see cref="AccessModel"/>: references to ids and back, collection paths, the tree.
/// Names compared without case (userName, collection names) are looked up case-insensitively.
/// </summary>
public sealed class ModelIndex
{
    public AccessModel Model { get; }
    // Plain dictionaries, not frozen ones: an update rebuilds the tables a change touches and freezing 50,000 names
    // costs more than the lookups it saves.
    private readonly Dictionary<string, UserInfo> usersByName;
    private readonly Dictionary<Guid, UserInfo> usersById;
    private readonly Dictionary<string, OrgInfo> orgsByName;
    private readonly Dictionary<Guid, OrgInfo> orgsById;
    private readonly Dictionary<string, TeamInfo> teamsByName; // "org/team"
    private readonly Dictionary<Guid, TeamInfo> teamsById;
    private readonly Dictionary<string, ServiceAccountInfo> serviceAccountsByName; // "ns/name"
    private readonly Dictionary<Guid, ServiceAccountInfo> serviceAccountsById;
    private readonly Dictionary<string, RoleInfo> rolesById;
    private readonly Dictionary<string, RoleInfo> rolesByName;
    private readonly Dictionary<string, CollectionInfo> collectionsById;
    private readonly Dictionary<string, string> collectionIdByPath;
    private readonly Dictionary<string, string> pathById;
    private readonly Dictionary<string, string[]> childrenById;
    private readonly Dictionary<string, NamespaceInfo> namespacesByName;
    private readonly Dictionary<Guid, NamespaceInfo> namespacesById;

    public ModelIndex(AccessModel model) : this(model, null, null) { }

    /// <summary>The index of <paramref name="model"/>, sharing with <paramref name="previous"/> the tables <paramref name="delta"/> does not touch.</summary>
    public ModelIndex(AccessModel model, ModelIndex? previous, ModelDelta? delta)
    {
        Model = model;
        if (previous is null || delta is null)
        {
            (usersById, usersByName) = Build(model.Users, u => u.Id, u => u.UserName, StringComparer.OrdinalIgnoreCase);
            (orgsById, orgsByName) = Build(model.Orgs, o => o.Id, o => o.Name, StringComparer.Ordinal);
            (teamsById, teamsByName) = Build(model.Teams, t => t.Id, TeamName, StringComparer.Ordinal);
            (serviceAccountsById, serviceAccountsByName) = Build(model.ServiceAccounts, s => s.Id, s => $"{s.Namespace}/{s.Name}", StringComparer.Ordinal);
            (rolesById, rolesByName) = Build(model.Roles, r => r.Id, r => r.Name, StringComparer.OrdinalIgnoreCase);
            (namespacesById, namespacesByName) = Build(model.Namespaces, n => n.Id, n => n.Name, StringComparer.Ordinal);
            collectionsById = model.Collections.ToDictionary(c => c.Id, StringComparer.Ordinal);
            (childrenById, pathById, collectionIdByPath) = Tree(model.Collections);
            return;
        }
        (usersById, usersByName) = Patch(previous.usersById, previous.usersByName, delta.Users, u => u.Id, u => u.UserName);
        (orgsById, orgsByName) = Patch(previous.orgsById, previous.orgsByName, delta.Orgs, o => o.Id, o => o.Name);
        // Team names include their org's: a renamed org renames its teams.
        (teamsById, teamsByName) = delta.Orgs.IsEmpty
            ? Patch(previous.teamsById, previous.teamsByName, delta.Teams, t => t.Id, TeamName)
            : Build(model.Teams, t => t.Id, TeamName, StringComparer.Ordinal);
        (serviceAccountsById, serviceAccountsByName) = Patch(previous.serviceAccountsById, previous.serviceAccountsByName,
            delta.ServiceAccounts, s => s.Id, s => $"{s.Namespace}/{s.Name}");
        (rolesById, rolesByName) = Patch(previous.rolesById, previous.rolesByName, delta.Roles, r => r.Id, r => r.Name);
        (namespacesById, namespacesByName) = Patch(previous.namespacesById, previous.namespacesByName, delta.Namespaces, n => n.Id, n => n.Name);

        var c = delta.Collections;
        if (c.IsEmpty)
        {
            collectionsById = previous.collectionsById;
            (childrenById, pathById, collectionIdByPath) = (previous.childrenById, previous.pathById, previous.collectionIdByPath);
        }
        else if (c.Touched.All(id => !previous.collectionsById.ContainsKey(id)))
        {
            // Only new collections: no existing path changes, so the new ones are added to copies.
            collectionsById = new Dictionary<string, CollectionInfo>(previous.collectionsById, StringComparer.Ordinal);
            foreach (var n in c.Rows) collectionsById[n.Id] = n;
            childrenById = new Dictionary<string, string[]>(previous.childrenById, StringComparer.Ordinal);
            pathById = new Dictionary<string, string>(previous.pathById, StringComparer.Ordinal);
            collectionIdByPath = new Dictionary<string, string>(previous.collectionIdByPath, StringComparer.OrdinalIgnoreCase);
            foreach (var n in c.Rows)
            {
                if (n.ParentId is { } parent) childrenById[parent] = [.. childrenById.GetValueOrDefault(parent) ?? [], n.Id];
                collectionIdByPath[PathOf(n.Id, pathById)] = n.Id;
            }
        }
        else
        {
            collectionsById = model.Collections.ToDictionary(x => x.Id, StringComparer.Ordinal);
            (childrenById, pathById, collectionIdByPath) = Tree(model.Collections);
        }
    }

    private string TeamName(TeamInfo t) => $"{orgsById[t.OrgId].Name}/{t.Name}";

    private static (Dictionary<TKey, T>, Dictionary<string, T>) Build<TKey, T>(IEnumerable<T> rows, Func<T, TKey> key, Func<T, string> name,
        StringComparer names) where TKey : notnull =>
        (rows.ToDictionary(key), rows.ToDictionary(name, names));

    /// <summary>Copies of the previous lookups with the touched rows replaced: a copy is a block copy, far cheaper than hashing every name again.</summary>
    private static (Dictionary<TKey, T>, Dictionary<string, T>) Patch<TKey, T>(Dictionary<TKey, T> byId, Dictionary<string, T> byName,
        TableDelta<TKey, T> delta, Func<T, TKey> key, Func<T, string> name) where TKey : notnull
    {
        if (delta.IsEmpty) return (byId, byName);
        var ids = new Dictionary<TKey, T>(byId, byId.Comparer);
        var names = new Dictionary<string, T>(byName, byName.Comparer);
        foreach (var k in delta.Touched)
            if (ids.Remove(k, out var old)) names.Remove(name(old));
        foreach (var r in delta.Rows)
        {
            ids[key(r)] = r;
            names[name(r)] = r;
        }
        return (ids, names);
    }

    private (Dictionary<string, string[]>, Dictionary<string, string>, Dictionary<string, string>) Tree(IReadOnlyCollection<CollectionInfo> collections)
    {
        var children = collections.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToArray(), StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(collections.Count, StringComparer.Ordinal);
        foreach (var c in collections) PathOf(c.Id, paths);
        return (children, paths, paths.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase));
    }

    private string PathOf(string id, Dictionary<string, string> memo)
    {
        if (memo.TryGetValue(id, out var known)) return known;
        var c = collectionsById[id];
        var parentPath = c.ParentId is null ? null : PathOf(c.ParentId, memo);
        var path = parentPath is null ? "/" : parentPath == "/" ? "/" + c.Name : parentPath + "/" + c.Name;
        memo[id] = path;
        return path;
    }

    public UserInfo? FindUser(string userName) => usersByName.GetValueOrDefault(userName);
    public UserInfo? User(Guid id) => usersById.GetValueOrDefault(id);
    public OrgInfo? FindOrg(string name) => orgsByName.GetValueOrDefault(name);
    public OrgInfo? Org(Guid id) => orgsById.GetValueOrDefault(id);
    public TeamInfo? FindTeam(string org, string team) => teamsByName.GetValueOrDefault($"{org}/{team}");
    public TeamInfo? Team(Guid id) => teamsById.GetValueOrDefault(id);
    public ServiceAccountInfo? FindServiceAccount(string ns, string name) => serviceAccountsByName.GetValueOrDefault($"{ns}/{name}");
    public ServiceAccountInfo? ServiceAccount(Guid id) => serviceAccountsById.GetValueOrDefault(id);
    /// <summary>A role by id, else by name (case-insensitive), as api.md allows either.</summary>
    public RoleInfo? FindRole(string idOrName) => rolesById.GetValueOrDefault(idOrName) ?? rolesByName.GetValueOrDefault(idOrName);
    public RoleInfo? Role(string id) => rolesById.GetValueOrDefault(id);
    public CollectionInfo? Collection(string id) => collectionsById.GetValueOrDefault(id);
    /// <summary>The collection at a path ("/", "/Shared/dev"), case-insensitively.</summary>
    public CollectionInfo? FindCollection(string path) =>
        collectionIdByPath.TryGetValue(path.Length > 1 ? path.TrimEnd('/') : path, out var id) ? collectionsById[id] : null;
    public string PathOf(string collectionId) => pathById[collectionId];
    public IReadOnlyList<string> ChildrenOf(string collectionId) => childrenById.GetValueOrDefault(collectionId) ?? [];
    public NamespaceInfo? FindNamespace(string name) => namespacesByName.GetValueOrDefault(name);
    public NamespaceInfo? Namespace(Guid id) => namespacesById.GetValueOrDefault(id);

    /// <summary>The ids from the collection itself up to the root.</summary>
    public IEnumerable<string> SelfAndAncestors(string collectionId)
    {
        for (var c = Collection(collectionId); c is not null; c = c.ParentId is null ? null : Collection(c.ParentId))
            yield return c.Id;
    }

    public bool IsSelfOrDescendant(string collectionId, string ancestorId) => SelfAndAncestors(collectionId).Contains(ancestorId);

    public string SubjectRefOf(SubjectKind kind, Guid id) => kind switch
    {
        SubjectKind.User => SubjectRef.User(usersById[id].UserName).ToString(),
        SubjectKind.Org => SubjectRef.Org(orgsById[id].Name).ToString(),
        SubjectKind.Team => SubjectRef.Team(orgsById[teamsById[id].OrgId].Name, teamsById[id].Name).ToString(),
        _ => SubjectRef.ServiceAccount(serviceAccountsById[id].Namespace, serviceAccountsById[id].Name).ToString(),
    };

    public string ResourceRefOf(GrantInfo g) => g.ResourceKind switch
    {
        ResourceKind.Collection => ResourceRef.Collection(PathOf(g.CollectionId!)).ToString(),
        ResourceKind.Namespace => ResourceRef.Namespace(namespacesById[g.NamespaceId!.Value].Name).ToString(),
        _ => ResourceRef.AllNamespaces.ToString(),
    };
}
