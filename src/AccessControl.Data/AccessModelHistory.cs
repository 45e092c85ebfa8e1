using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// The model as it was at a past instant, rebuilt by replaying the audit log: every entry holds a row's full state
/// after the change (none for a deletion), so the last entry of each row at or before the instant is that row then.
/// </summary>
public static class AccessModelHistory
{
    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    internal static readonly string[] ModelTypes =
    [
        nameof(User), nameof(Organization), nameof(Team), nameof(OrgMember), nameof(TeamMember), nameof(ServiceAccount),
        nameof(Role), nameof(Collection), nameof(Namespace), nameof(Grant), nameof(Setting),
    ];

    /// <summary>The entity class of each of <see cref="ModelTypes"/>.</summary>
    internal static readonly Type[] ClrTypes =
    [
        typeof(User), typeof(Organization), typeof(Team), typeof(OrgMember), typeof(TeamMember), typeof(ServiceAccount),
        typeof(Role), typeof(Collection), typeof(Namespace), typeof(Grant), typeof(Setting),
    ];

    /// <summary>The id of the last audit entry at or before the instant (0 when none): two instants with the same id
    /// have the same model.</summary>
    public static async Task<long> LastEntryAtAsync(AccessControlDbContext db, DateTime instant, CancellationToken ct = default) =>
        await db.AuditEntries.AsNoTracking().Where(a => a.At <= instant).MaxAsync(a => (long?)a.Id, ct) ?? 0;

    /// <summary>The model after the audit entry <paramref name="upToEntry"/> (see <see cref="LastEntryAtAsync"/>).</summary>
    public static async Task<AccessModel> LoadAsync(AccessControlDbContext db, long upToEntry, CancellationToken ct = default)
    {
        var state = ModelReplay.Empty.Resume();
        await state.ReplayAsync(db, upToEntry, null, ct);
        return state.ToModel();
    }

    /// <summary>The model-changing entries after <paramref name="afterEntry"/> up to <paramref name="upToEntry"/>, in order.</summary>
    public static IAsyncEnumerable<ReplayEntry> EntriesAsync(AccessControlDbContext db, long afterEntry, long upToEntry) =>
        db.AuditEntries.AsNoTracking()
            .Where(a => a.Id > afterEntry && a.Id <= upToEntry && ModelTypes.Contains(a.EntityType))
            .OrderBy(a => a.Id)
            .Select(a => new ReplayEntry(a.Id, a.ChangeId, a.At, a.EntityType, a.EntityKey, a.After))
            .AsAsyncEnumerable();
}

/// <summary>One model-changing audit entry, as replay needs it.</summary>
public sealed record ReplayEntry(long Id, Guid ChangeId, DateTime At, string EntityType, string EntityKey, string? After);

/// <summary>
/// A frozen replay state: every model row (the entities, settings included) as it was after audit entry <see cref="Entry"/>, in persistent (immutable)
/// dictionaries, so a checkpoint shares all unchanged rows with the next one and costs memory only for what changed.
/// </summary>
public sealed class ModelReplay
{
    private readonly ImmutableDictionary<string, object>[] rows;

    private ModelReplay(long entry, ImmutableDictionary<string, object>[] rows)
    {
        Entry = entry;
        this.rows = rows;
    }

    public static ModelReplay Empty { get; } = new(0, [.. AccessModelHistory.ModelTypes.Select(_ => ImmutableDictionary.Create<string, object>(StringComparer.Ordinal))]);

    /// <summary>A state read back from a checkpoint (<see cref="HistoryCheckpointStore"/>): per table of <see cref="AccessModelHistory.ModelTypes"/>, key → row.</summary>
    internal static ModelReplay Of(long entry, ImmutableDictionary<string, object>[] rows) => new(entry, rows);

    /// <summary>The rows per table of <see cref="AccessModelHistory.ModelTypes"/>, key → row.</summary>
    internal IReadOnlyList<ImmutableDictionary<string, object>> Tables => rows;

    public long Entry { get; }

    public int RowCount => rows.Sum(r => r.Count);

    /// <summary>A mutable copy to replay further from here; this state stays as it is.</summary>
    public Replaying Resume() => new(Entry, [.. rows.Select(r => r.ToBuilder())]);

    public AccessModel ToModel() => Replaying.Model(rows.Select(r => (IEnumerable<object>)r.Values).ToArray());

    /// <summary>The rows of one entity type as they were (e.g. for the model document as of then).</summary>
    public IEnumerable<T> Rows<T>() => rows[Array.IndexOf(AccessModelHistory.ModelTypes, typeof(T).Name)].Values.Cast<T>();

    /// <summary>Replay in progress.</summary>
    public sealed class Replaying
    {
        private readonly ImmutableDictionary<string, object>.Builder[] rows;

        internal Replaying(long entry, ImmutableDictionary<string, object>.Builder[] rows)
        {
            Entry = entry;
            this.rows = rows;
        }

        public long Entry { get; private set; }

        /// <summary>When the last entry applied was written (default before any).</summary>
        public DateTime At { get; private set; }

        public void Apply(ReplayEntry e)
        {
            var type = Array.IndexOf(AccessModelHistory.ModelTypes, e.EntityType);
            if (type >= 0)
            {
                if (e.After is null) rows[type].Remove(e.EntityKey);
                else rows[type][e.EntityKey] = Parse(type, e.After);
            }
            Entry = e.Id;
            At = e.At;
        }

        /// <summary>Replays the log up to <paramref name="upToEntry"/>; <paramref name="onEntry"/> (when given) sees each entry
        /// after it is applied, e.g. to take checkpoints.</summary>
        public async Task ReplayAsync(AccessControlDbContext db, long upToEntry, Action<Replaying>? onEntry, CancellationToken ct)
        {
            await foreach (var e in AccessModelHistory.EntriesAsync(db, Entry, upToEntry).WithCancellation(ct))
            {
                Apply(e);
                onEntry?.Invoke(this);
            }
            Entry = Math.Max(Entry, upToEntry);
        }

        /// <summary>The state now, frozen (cheap: later changes copy only what they touch).</summary>
        public ModelReplay Freeze() => new(Entry, [.. rows.Select(r => r.ToImmutable())]);

        public AccessModel ToModel() => Model(rows.Select(r => (IEnumerable<object>)r.Values).ToArray());

        internal static AccessModel Model(IEnumerable<object>[] rows)
        {
            ImmutableArray<TOut> Of<TRow, TOut>(int i, Func<TRow, TOut> map) => [.. rows[i].Cast<TRow>().Select(map)];
            return new AccessModel(
                Of<User, UserInfo>(0, u => new(u.Id, u.UserName, u.Active, u.IsAdmin)),
                Of<Organization, OrgInfo>(1, o => new(o.Id, o.Name)),
                Of<Team, TeamInfo>(2, t => new(t.Id, t.OrgId, t.Name)),
                Of<OrgMember, OrgMemberInfo>(3, m => new(m.OrgId, m.UserId, m.IsAdmin)),
                Of<TeamMember, TeamMemberInfo>(4, m => new(m.TeamId, m.UserId, m.IsAdmin)),
                Of<ServiceAccount, ServiceAccountInfo>(5, s => new(s.Id, s.Namespace, s.Name)),
                Of<Role, RoleInfo>(6, r => new(r.Id, r.Name, [.. r.Permissions])),
                Of<Collection, CollectionInfo>(7, c => new(c.Id, c.ParentId, c.Name)),
                Of<Namespace, NamespaceInfo>(8, n => new(n.Id, n.Name)),
                Of<Grant, GrantInfo>(9, g => new(g.Id, g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId)));
        }

        private static object Parse(int type, string json) =>
            JsonSerializer.Deserialize(json, AccessModelHistory.ClrTypes[type], AccessModelHistory.Json)!;
    }
}
