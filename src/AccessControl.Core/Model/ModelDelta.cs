using System.Collections.Immutable;

namespace AccessControl.Core.Model;

/// <summary>
/// What changed in one table: the keys of every row that was inserted, updated or deleted, and the current rows of
/// those keys (a touched key without a row was deleted). Saying "these keys, as they are now" rather than
/// "insert this, delete that" makes a delta idempotent and independent of the order in which commits are seen.
/// </summary>
public sealed record TableDelta<TKey, TRow>(ImmutableArray<TKey> Touched, ImmutableArray<TRow> Rows) where TKey : notnull
{
    public static TableDelta<TKey, TRow> None { get; } = new([], []);
    public bool IsEmpty => Touched.IsEmpty;

    /// <summary>The rows of <paramref name="rows"/> with the touched keys replaced in place, deleted ones dropped, new ones appended.</summary>
    public ImmutableArray<TRow> ApplyTo(ImmutableArray<TRow> rows, Func<TRow, TKey> keyOf)
    {
        if (IsEmpty) return rows;
        var touched = new KeySet<TKey>(Touched);
        var current = new Dictionary<TKey, TRow>(Rows.Length);
        foreach (var r in Rows) current[keyOf(r)] = r;
        var result = ImmutableArray.CreateBuilder<TRow>(rows.Length + Rows.Length);
        foreach (var r in rows)
        {
            var key = keyOf(r);
            if (!touched.Contains(key)) result.Add(r);
            else if (current.Remove(key, out var now)) result.Add(now);
        }
        foreach (var r in Rows)
            if (current.Remove(keyOf(r), out var added)) result.Add(added);
        return result.ToImmutable();
    }
}

/// <summary>
/// Membership in a set of keys, tested once per row of a table of up to 250,000 rows: a handful of keys (one commit)
/// are compared directly, which is several times cheaper than hashing every row's key; many keys go to a hash set.
/// </summary>
public readonly struct KeySet<TKey> where TKey : notnull
{
    private const int Linear = 8;
    private readonly TKey[]? few;
    private readonly HashSet<TKey>? many;

    public KeySet(IEnumerable<TKey> keys)
    {
        var all = keys.Distinct().ToArray();
        if (all.Length <= Linear) few = all;
        else many = all.ToHashSet();
    }

    public bool Contains(TKey key)
    {
        if (many is not null) return many.Contains(key);
        foreach (var k in few!)
            if (EqualityComparer<TKey>.Default.Equals(k, key)) return true;
        return false;
    }
}

/// <summary>
/// The rows changed by one or more commits, per table, as <see cref="TableDelta{TKey,TRow}"/>s.
/// <see cref="AccessModel.Apply"/> gives the model after them; <c>AccessEngine.Apply</c> the engine.
/// </summary>
public sealed record ModelDelta
{
    public TableDelta<Guid, UserInfo> Users { get; init; } = TableDelta<Guid, UserInfo>.None;
    public TableDelta<Guid, OrgInfo> Orgs { get; init; } = TableDelta<Guid, OrgInfo>.None;
    public TableDelta<Guid, TeamInfo> Teams { get; init; } = TableDelta<Guid, TeamInfo>.None;
    public TableDelta<(Guid OrgId, Guid UserId), OrgMemberInfo> OrgMembers { get; init; } = TableDelta<(Guid, Guid), OrgMemberInfo>.None;
    public TableDelta<(Guid TeamId, Guid UserId), TeamMemberInfo> TeamMembers { get; init; } = TableDelta<(Guid, Guid), TeamMemberInfo>.None;
    public TableDelta<Guid, ServiceAccountInfo> ServiceAccounts { get; init; } = TableDelta<Guid, ServiceAccountInfo>.None;
    public TableDelta<string, RoleInfo> Roles { get; init; } = TableDelta<string, RoleInfo>.None;
    public TableDelta<string, CollectionInfo> Collections { get; init; } = TableDelta<string, CollectionInfo>.None;
    public TableDelta<Guid, NamespaceInfo> Namespaces { get; init; } = TableDelta<Guid, NamespaceInfo>.None;
    public TableDelta<Guid, GrantInfo> Grants { get; init; } = TableDelta<Guid, GrantInfo>.None;

    public bool IsEmpty => Users.IsEmpty && Orgs.IsEmpty && Teams.IsEmpty && OrgMembers.IsEmpty && TeamMembers.IsEmpty
        && ServiceAccounts.IsEmpty && Roles.IsEmpty && Collections.IsEmpty && Namespaces.IsEmpty && Grants.IsEmpty;

    public static ModelDelta Empty { get; } = new();

    public static (Guid, Guid) KeyOf(OrgMemberInfo m) => (m.OrgId, m.UserId);
    public static (Guid, Guid) KeyOf(TeamMemberInfo m) => (m.TeamId, m.UserId);
}

public sealed partial record AccessModel
{
    /// <summary>The model after <paramref name="delta"/>: untouched tables are shared, rows keep their positions.</summary>
    public AccessModel Apply(ModelDelta delta) => delta.IsEmpty ? this : new AccessModel(
        delta.Users.ApplyTo(Users, u => u.Id),
        delta.Orgs.ApplyTo(Orgs, o => o.Id),
        delta.Teams.ApplyTo(Teams, t => t.Id),
        delta.OrgMembers.ApplyTo(OrgMembers, ModelDelta.KeyOf),
        delta.TeamMembers.ApplyTo(TeamMembers, ModelDelta.KeyOf),
        delta.ServiceAccounts.ApplyTo(ServiceAccounts, s => s.Id),
        delta.Roles.ApplyTo(Roles, r => r.Id),
        delta.Collections.ApplyTo(Collections, c => c.Id),
        delta.Namespaces.ApplyTo(Namespaces, n => n.Id),
        delta.Grants.ApplyTo(Grants, g => g.Id));
}

public static class ModelDeltaComposition
{
    /// <summary>
    /// <paramref name="earlier"/> followed by <paramref name="later"/> as one delta: every key either touches, with the
    /// row the later one gives it when it touches the key, else the earlier one's.
    /// </summary>
    public static ModelDelta Then(this ModelDelta earlier, ModelDelta later) => new()
    {
        Users = Then(earlier.Users, later.Users, u => u.Id),
        Orgs = Then(earlier.Orgs, later.Orgs, o => o.Id),
        Teams = Then(earlier.Teams, later.Teams, t => t.Id),
        OrgMembers = Then(earlier.OrgMembers, later.OrgMembers, ModelDelta.KeyOf),
        TeamMembers = Then(earlier.TeamMembers, later.TeamMembers, ModelDelta.KeyOf),
        ServiceAccounts = Then(earlier.ServiceAccounts, later.ServiceAccounts, s => s.Id),
        Roles = Then(earlier.Roles, later.Roles, r => r.Id),
        Collections = Then(earlier.Collections, later.Collections, c => c.Id),
        Namespaces = Then(earlier.Namespaces, later.Namespaces, n => n.Id),
        Grants = Then(earlier.Grants, later.Grants, g => g.Id),
    };

    private static TableDelta<TKey, TRow> Then<TKey, TRow>(TableDelta<TKey, TRow> a, TableDelta<TKey, TRow> b, Func<TRow, TKey> key)
        where TKey : notnull
    {
        if (b.IsEmpty) return a;
        if (a.IsEmpty) return b;
        var laterKeys = b.Touched.ToHashSet();
        return new([.. a.Touched.Where(k => !laterKeys.Contains(k)).Concat(b.Touched)],
            [.. a.Rows.Where(r => !laterKeys.Contains(key(r))).Concat(b.Rows)]);
    }
}
