using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AccessControl.Bench.Postgres;

/// <summary>
/// A year of audit history for a bulk-loaded model, as the app would have written it, COPYed into the audit table:
/// the model built up row by row (every row Added, parents first) over the month before <see cref="YearAgo"/>, then
/// a year of churn until an hour ago — grants and memberships deleted and added again days later, users deactivated
/// and reactivated — so that the log ends exactly at the loaded state. Entries hold each row's full state as JSON, as
/// <c>AuditLog</c> writes it; ids follow time.
/// </summary>
public static class HistoryLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() }, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly TimeSpan Year = TimeSpan.FromDays(365);

    private sealed record Row(string Type, string Key, string Json);
    private sealed record Entry(DateTime At, Guid ChangeId, string Operation, Row Row, string? Before, string? After);

    /// <summary>Writes the history; returns how many entries.</summary>
    public static async Task<int> LoadAsync(string connectionString, DateTime now, int churn, int seed, CancellationToken ct = default)
    {
        var rows = await ReadRowsAsync(connectionString, ct);
        var random = new Random(seed);
        var yearAgo = now - Year;
        var built = yearAgo - TimeSpan.FromDays(30);
        var entries = new List<Entry>(rows.Count + 2 * churn);
        for (var i = 0; i < rows.Count; i++)
            entries.Add(new Entry(built + TimeSpan.FromTicks((yearAgo - built).Ticks / rows.Count * i), Guid.NewGuid(), "Added", rows[i], null, rows[i].Json));

        var grants = rows.Where(r => r.Type == nameof(Grant)).ToList();
        var members = rows.Where(r => r.Type is nameof(TeamMember) or nameof(OrgMember)).ToList();
        var users = rows.Where(r => r.Type == nameof(User)).ToList();
        var end = now - TimeSpan.FromHours(1);
        // Churn in time order; a row is picked again only after its previous change was undone, so each row's entries alternate.
        var busy = new Dictionary<Row, DateTime>(ReferenceEqualityComparer.Instance);
        var starts = Enumerable.Range(0, churn).Select(_ => yearAgo + TimeSpan.FromSeconds(random.NextDouble() * (end - yearAgo).TotalSeconds)).Order();
        foreach (var start in starts)
        {
            var back = start + TimeSpan.FromSeconds(random.NextDouble() * TimeSpan.FromDays(30).TotalSeconds);
            if (back > end) back = end;
            var kind = random.Next(10);
            var from = kind < 2 ? users : kind < 7 ? grants : members;
            var r = from[random.Next(from.Count)];
            if (busy.TryGetValue(r, out var until) && until >= start) continue;
            busy[r] = back;
            if (kind < 2)
            {
                var inactive = r.Json.Replace("\"Active\":true", "\"Active\":false", StringComparison.Ordinal);
                entries.Add(new Entry(start, Guid.NewGuid(), "Modified", r, r.Json, inactive));
                entries.Add(new Entry(back, Guid.NewGuid(), "Modified", r, inactive, r.Json));
            }
            else
            {
                entries.Add(new Entry(start, Guid.NewGuid(), "Deleted", r, r.Json, null));
                entries.Add(new Entry(back, Guid.NewGuid(), "Added", r, null, r.Json));
            }
        }
        // Stable by time: an undo at the same instant as its change stays after it.
        var ordered = entries.Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i).Select(x => x.e).ToList();

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var importer = await conn.BeginBinaryImportAsync(
            """COPY "AuditEntries" ("ChangeId", "At", "Actor", "Action", "EntityType", "EntityKey", "Operation", "Before", "After") FROM STDIN (FORMAT BINARY)""", ct))
        {
            foreach (var e in ordered)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(e.ChangeId, NpgsqlDbType.Uuid, ct);
                await importer.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync("bench", ct);
                await importer.WriteAsync(e.Operation == "Added" && e.At < yearAgo ? "bench.build" : "bench.churn", ct);
                await importer.WriteAsync(e.Row.Type, ct);
                await importer.WriteAsync(e.Row.Key, ct);
                await importer.WriteAsync(e.Operation, ct);
                if (e.Before is null) await importer.WriteNullAsync(ct); else await importer.WriteAsync(e.Before, ct);
                if (e.After is null) await importer.WriteNullAsync(ct); else await importer.WriteAsync(e.After, ct);
            }
            await importer.CompleteAsync(ct);
        }
        await using var analyze = new NpgsqlCommand("""ANALYZE "AuditEntries" """, conn);
        await analyze.ExecuteNonQueryAsync(ct);
        return ordered.Count;
    }

    private static async Task<List<Row>> ReadRowsAsync(string connectionString, CancellationToken ct)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, DatabaseProvider.Postgres, connectionString);
        await using var db = new AccessControlDbContext(b.Options);
        var rows = new List<Row>();
        static string Key(params object[] parts) => string.Join('/', parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));
        void Add<T>(IEnumerable<T> items, Func<T, string> key) where T : class
        {
            foreach (var item in items) rows.Add(new Row(typeof(T).Name, key(item), JsonSerializer.Serialize(item, Json)));
        }
        Add(await db.Roles.AsNoTracking().ToListAsync(ct), r => r.Id);
        Add(await db.Collections.AsNoTracking().ToListAsync(ct) is var cs ? ParentsFirst(cs) : [], c => c.Id);
        Add(await db.Organizations.AsNoTracking().ToListAsync(ct), o => Key(o.Id));
        Add(await db.Users.AsNoTracking().ToListAsync(ct), u => Key(u.Id));
        Add(await db.Teams.AsNoTracking().ToListAsync(ct), t => Key(t.Id));
        Add(await db.OrgMembers.AsNoTracking().ToListAsync(ct), m => Key(m.OrgId, m.UserId));
        Add(await db.TeamMembers.AsNoTracking().ToListAsync(ct), m => Key(m.TeamId, m.UserId));
        Add(await db.Namespaces.AsNoTracking().ToListAsync(ct), n => Key(n.Id));
        Add(await db.ServiceAccounts.AsNoTracking().ToListAsync(ct), s => Key(s.Id));
        Add(await db.Grants.AsNoTracking().ToListAsync(ct), g => Key(g.Id));
        Add(await db.Settings.AsNoTracking().ToListAsync(ct), s => s.Key);
        return rows;
    }

    private static List<Collection> ParentsFirst(List<Collection> all)
    {
        var byParent = all.ToLookup(c => c.ParentId ?? "");
        var ordered = new List<Collection>(all.Count);
        var queue = new Queue<Collection>(byParent[""]);
        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            ordered.Add(c);
            foreach (var child in byParent[c.Id]) queue.Enqueue(child);
        }
        return ordered;
    }
}
