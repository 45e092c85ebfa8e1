using System.Collections.Immutable;
using System.Text;
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
/// A frozen replay state: every model row (the entities, settings included) as it was after audit entry <see cref="Entry"/>,
/// kept as the audit entry's UTF-8 JSON and parsed only when asked for (the model, or a table's rows), in persistent
/// (immutable) dictionaries, so a checkpoint shares all unchanged rows with the next one and costs memory only for what
/// changed, and replaying an entry is a dictionary update.
/// </summary>
public sealed class ModelReplay
{
    private readonly ImmutableDictionary<string, byte[]>[] rows;

    private ModelReplay(long entry, ImmutableDictionary<string, byte[]>[] rows)
    {
        Entry = entry;
        this.rows = rows;
    }

    public static ModelReplay Empty { get; } = new(0, [.. AccessModelHistory.ModelTypes.Select(_ => ImmutableDictionary.Create<string, byte[]>(StringComparer.Ordinal))]);

    /// <summary>A state read back from a checkpoint (<see cref="HistoryCheckpointStore"/>): per table of <see cref="AccessModelHistory.ModelTypes"/>, key → row JSON.</summary>
    internal static ModelReplay Of(long entry, ImmutableDictionary<string, byte[]>[] rows) => new(entry, rows);

    /// <summary>The rows per table of <see cref="AccessModelHistory.ModelTypes"/>, key → row JSON.</summary>
    internal IReadOnlyList<ImmutableDictionary<string, byte[]>> Tables => rows;

    public long Entry { get; }

    public int RowCount => rows.Sum(r => r.Count);

    /// <summary>A mutable copy to replay further from here; this state stays as it is.</summary>
    public Replaying Resume() => new(Entry, [.. rows.Select(r => r.ToBuilder())]);

    public AccessModel ToModel() => Replaying.Model(rows.Select(r => (IEnumerable<byte[]>)r.Values).ToArray());

    /// <summary>The rows of one entity type as they were (e.g. for the model document as of then).</summary>
    public IEnumerable<T> Rows<T>() =>
        rows[Array.IndexOf(AccessModelHistory.ModelTypes, typeof(T).Name)].Values.Select(json => JsonSerializer.Deserialize<T>(json, AccessModelHistory.Json)!);

    /// <summary>Replay in progress.</summary>
    public sealed class Replaying
    {
        private readonly ImmutableDictionary<string, byte[]>.Builder[] rows;

        internal Replaying(long entry, ImmutableDictionary<string, byte[]>.Builder[] rows)
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
                else rows[type][e.EntityKey] = Encoding.UTF8.GetBytes(e.After);
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

        public AccessModel ToModel() => Model(rows.Select(r => (IEnumerable<byte[]>)r.Values).ToArray());

        internal static GrantInfo GrantOf(Grant g) => new(g.Id, g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId);

        /// <summary>The engine's view of the rows: each row's JSON read into the model's record directly (the other columns skipped).</summary>
        internal static AccessModel Model(IEnumerable<byte[]>[] rows)
        {
            ImmutableArray<T> Of<T>(int i) => [.. rows[i].Select(json => JsonSerializer.Deserialize<T>(json, AccessModelHistory.Json)!)];
            return new AccessModel(
                Of<UserInfo>(0), Of<OrgInfo>(1), Of<TeamInfo>(2), Of<OrgMemberInfo>(3), Of<TeamMemberInfo>(4), Of<ServiceAccountInfo>(5),
                Of<RoleInfo>(6), Of<CollectionInfo>(7), Of<NamespaceInfo>(8),
                [.. rows[9].Select(json => GrantOf(JsonSerializer.Deserialize<Grant>(json, AccessModelHistory.Json)!))]);
        }
    }
}

/// <summary>
/// Audit entries gathered into a <see cref="ModelDelta"/> (each touched row as its last entry leaves it), so that a model
/// from a checkpoint is brought forward with <see cref="AccessModel.Apply"/>, parsing only the entries replayed.
/// </summary>
public sealed class ModelDeltaReader : ModelRows
{
    public void Add(ReplayEntry e)
    {
        T? Row<T>() where T : class => e.After is null ? null : JsonSerializer.Deserialize<T>(e.After, AccessModelHistory.Json);
        (Guid, Guid) Pair() => (Guid.Parse(e.EntityKey.AsSpan(0, e.EntityKey.IndexOf('/'))), Guid.Parse(e.EntityKey.AsSpan(e.EntityKey.IndexOf('/') + 1)));
        switch (e.EntityType)
        {
            case nameof(User): users[Guid.Parse(e.EntityKey)] = Row<UserInfo>(); break;
            case nameof(Organization): orgs[Guid.Parse(e.EntityKey)] = Row<OrgInfo>(); break;
            case nameof(Team): teams[Guid.Parse(e.EntityKey)] = Row<TeamInfo>(); break;
            case nameof(OrgMember): orgMembers[Pair()] = Row<OrgMemberInfo>(); break;
            case nameof(TeamMember): teamMembers[Pair()] = Row<TeamMemberInfo>(); break;
            case nameof(ServiceAccount): accounts[Guid.Parse(e.EntityKey)] = Row<ServiceAccountInfo>(); break;
            case nameof(Role): roles[e.EntityKey] = Row<RoleInfo>(); break;
            case nameof(Collection): collections[e.EntityKey] = Row<CollectionInfo>(); break;
            case nameof(Namespace): namespaces[Guid.Parse(e.EntityKey)] = Row<NamespaceInfo>(); break;
            case nameof(Grant): grants[Guid.Parse(e.EntityKey)] = Row<Grant>() is { } g ? ModelReplay.Replaying.GrantOf(g) : null; break;
        }
    }
}
