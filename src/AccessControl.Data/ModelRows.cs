using AccessControl.Core.Model;

namespace AccessControl.Data;

/// <summary>
/// The last state of each touched model row, by key (null: deleted), gathered into a <see cref="ModelDelta"/>. Filled
/// from a context's saves (<see cref="CapturedRows"/>) or from audit entries replayed (<see cref="ModelDeltaReader"/>).
/// </summary>
public abstract class ModelRows
{
    protected readonly Dictionary<Guid, UserInfo?> users = [];
    protected readonly Dictionary<Guid, OrgInfo?> orgs = [];
    protected readonly Dictionary<Guid, TeamInfo?> teams = [];
    protected readonly Dictionary<(Guid, Guid), OrgMemberInfo?> orgMembers = [];
    protected readonly Dictionary<(Guid, Guid), TeamMemberInfo?> teamMembers = [];
    protected readonly Dictionary<Guid, ServiceAccountInfo?> accounts = [];
    protected readonly Dictionary<string, RoleInfo?> roles = new(StringComparer.Ordinal);
    protected readonly Dictionary<string, CollectionInfo?> collections = new(StringComparer.Ordinal);
    protected readonly Dictionary<Guid, NamespaceInfo?> namespaces = [];
    protected readonly Dictionary<Guid, GrantInfo?> grants = [];

    public ModelDelta ToDelta() => new()
    {
        Users = Table(users), Orgs = Table(orgs), Teams = Table(teams), OrgMembers = Table(orgMembers), TeamMembers = Table(teamMembers),
        ServiceAccounts = Table(accounts), Roles = Table(roles), Collections = Table(collections), Namespaces = Table(namespaces),
        Grants = Table(grants),
    };

    private static TableDelta<TKey, TRow> Table<TKey, TRow>(Dictionary<TKey, TRow?> rows) where TKey : notnull where TRow : class =>
        rows.Count == 0 ? TableDelta<TKey, TRow>.None : new([.. rows.Keys], [.. rows.Values.OfType<TRow>()]);
}
