using System.Collections.Frozen;

namespace AccessControl.Core.Model;

/// <summary>
/// Name lookups over an <see cref="AccessModel"/>: references to ids and back, collection paths, the tree.
/// Names compared without case (userName, collection names) are looked up case-insensitively.
/// </summary>
public sealed class ModelIndex
{
    public AccessModel Model { get; }
    private readonly FrozenDictionary<string, UserInfo> usersByName;
    private readonly FrozenDictionary<Guid, UserInfo> usersById;
    private readonly FrozenDictionary<string, OrgInfo> orgsByName;
    private readonly FrozenDictionary<Guid, OrgInfo> orgsById;
    private readonly FrozenDictionary<string, TeamInfo> teamsByName; // "org/team"
    private readonly FrozenDictionary<Guid, TeamInfo> teamsById;
    private readonly FrozenDictionary<string, ServiceAccountInfo> serviceAccountsByName; // "ns/name"
    private readonly FrozenDictionary<Guid, ServiceAccountInfo> serviceAccountsById;
    private readonly FrozenDictionary<string, RoleInfo> rolesById;
    private readonly FrozenDictionary<string, RoleInfo> rolesByName;
    private readonly FrozenDictionary<string, CollectionInfo> collectionsById;
    private readonly FrozenDictionary<string, string> collectionIdByPath;
    private readonly FrozenDictionary<string, string> pathById;
    private readonly FrozenDictionary<string, string[]> childrenById;
    private readonly FrozenDictionary<string, NamespaceInfo> namespacesByName;
    private readonly FrozenDictionary<Guid, NamespaceInfo> namespacesById;

    public ModelIndex(AccessModel model)
    {
        Model = model;
        usersByName = model.Users.ToFrozenDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        usersById = model.Users.ToFrozenDictionary(u => u.Id);
        orgsByName = model.Orgs.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
        orgsById = model.Orgs.ToFrozenDictionary(o => o.Id);
        teamsById = model.Teams.ToFrozenDictionary(t => t.Id);
        teamsByName = model.Teams.ToFrozenDictionary(t => $"{orgsById[t.OrgId].Name}/{t.Name}", StringComparer.Ordinal);
        serviceAccountsByName = model.ServiceAccounts.ToFrozenDictionary(s => $"{s.Namespace}/{s.Name}", StringComparer.Ordinal);
        serviceAccountsById = model.ServiceAccounts.ToFrozenDictionary(s => s.Id);
        rolesById = model.Roles.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        rolesByName = model.Roles.ToFrozenDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        collectionsById = model.Collections.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        childrenById = model.Collections.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!)
            .ToFrozenDictionary(g => g.Key, g => g.Select(c => c.Id).ToArray(), StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in model.Collections) PathOf(c.Id, paths);
        pathById = paths.ToFrozenDictionary(StringComparer.Ordinal);
        collectionIdByPath = paths.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);
        namespacesByName = model.Namespaces.ToFrozenDictionary(n => n.Name, StringComparer.Ordinal);
        namespacesById = model.Namespaces.ToFrozenDictionary(n => n.Id);
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
