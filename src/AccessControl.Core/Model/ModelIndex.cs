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
        var d = delta ?? ModelDelta.Empty;
        bool Keep(bool untouched) => previous is not null && delta is not null && untouched;
        if (Keep(d.Users.IsEmpty)) (usersByName, usersById) = (previous!.usersByName, previous.usersById);
        else
        {
            usersByName = model.Users.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
            usersById = model.Users.ToDictionary(u => u.Id);
        }
        if (Keep(d.Orgs.IsEmpty)) (orgsByName, orgsById) = (previous!.orgsByName, previous.orgsById);
        else
        {
            orgsByName = model.Orgs.ToDictionary(o => o.Name, StringComparer.Ordinal);
            orgsById = model.Orgs.ToDictionary(o => o.Id);
        }
        if (Keep(d.Teams.IsEmpty && d.Orgs.IsEmpty)) (teamsByName, teamsById) = (previous!.teamsByName, previous.teamsById);
        else
        {
            teamsById = model.Teams.ToDictionary(t => t.Id);
            teamsByName = model.Teams.ToDictionary(t => $"{orgsById[t.OrgId].Name}/{t.Name}", StringComparer.Ordinal);
        }
        if (Keep(d.ServiceAccounts.IsEmpty))
            (serviceAccountsByName, serviceAccountsById) = (previous!.serviceAccountsByName, previous.serviceAccountsById);
        else
        {
            serviceAccountsByName = model.ServiceAccounts.ToDictionary(s => $"{s.Namespace}/{s.Name}", StringComparer.Ordinal);
            serviceAccountsById = model.ServiceAccounts.ToDictionary(s => s.Id);
        }
        if (Keep(d.Roles.IsEmpty)) (rolesById, rolesByName) = (previous!.rolesById, previous.rolesByName);
        else
        {
            rolesById = model.Roles.ToDictionary(r => r.Id, StringComparer.Ordinal);
            rolesByName = model.Roles.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        }
        if (Keep(d.Collections.IsEmpty))
            (collectionsById, childrenById, pathById, collectionIdByPath) =
                (previous!.collectionsById, previous.childrenById, previous.pathById, previous.collectionIdByPath);
        else
        {
            collectionsById = model.Collections.ToDictionary(c => c.Id, StringComparer.Ordinal);
            childrenById = model.Collections.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!)
                .ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToArray(), StringComparer.Ordinal);
            pathById = new Dictionary<string, string>(model.Collections.Length, StringComparer.Ordinal);
            foreach (var c in model.Collections) PathOf(c.Id, pathById);
            collectionIdByPath = pathById.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);
        }
        if (Keep(d.Namespaces.IsEmpty)) (namespacesByName, namespacesById) = (previous!.namespacesByName, previous.namespacesById);
        else
        {
            namespacesByName = model.Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
            namespacesById = model.Namespaces.ToDictionary(n => n.Id);
        }
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
