using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AccessControl.Data;

/// <summary>
/// Turns the pending changes of a context into audit entries saved in the same SaveChanges (so in the same
/// transaction), after stamping versions, normalized names and times.
/// </summary>
internal static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static void RefuseAuditChanges(AccessControlDbContext db)
    {
        if (db.ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
            throw new InvalidOperationException("The audit log is append-only: audit entries cannot be modified or deleted.");
    }

    public static List<AuditEntry> Prepare(AccessControlDbContext db)
    {
        var now = db.TimeProvider.GetUtcNow().UtcDateTime;
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && !IsInfrastructure(e.Entity))
            .ToList();
        var audit = new List<AuditEntry>(changed.Count);
        foreach (var entry in changed)
        {
            if (entry.State != EntityState.Deleted) Stamp(entry, now);
            audit.Add(new AuditEntry
            {
                ChangeId = db.ChangeId,
                At = now,
                Actor = db.Actor,
                Action = db.Action,
                EntityType = entry.Metadata.ClrType.Name,
                EntityKey = KeyOf(entry),
                Operation = entry.State.ToString(),
                Before = entry.State == EntityState.Added ? null : ToJson(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : ToJson(entry, original: false),
            });
        }
        db.AuditEntries.AddRange(audit);
        return audit;
    }

    /// <summary>Rows that are not part of the model and never audited: the log itself, the change counter, the history's
    /// checkpoints (derived from the log), data-protection keys (secrets).</summary>
    private static bool IsInfrastructure(object entity) =>
        entity is AuditEntry or ModelVersion or HistoryCheckpoint or Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey;

    /// <summary>After a failed save: the entries were not written and must not be written by a retry either.</summary>
    public static void Forget(AccessControlDbContext db, List<AuditEntry> audit)
    {
        foreach (var a in audit) db.Entry(a).State = EntityState.Detached;
    }

    private static void Stamp(EntityEntry entry, DateTime now)
    {
        switch (entry.Entity)
        {
            case User u: Set(entry, nameof(User.NormalizedUserName), Names.Normalize(u.UserName)); break;
            case Role r: Set(entry, nameof(Role.NormalizedName), Names.Normalize(r.Name)); break;
            case Collection c: Set(entry, nameof(Collection.NormalizedName), Names.Normalize(c.Name)); break;
        }
        if (entry.State == EntityState.Added && entry.Metadata.FindProperty("CreatedAt") is not null
            && entry.Property("CreatedAt").CurrentValue is DateTime created && created == default)
            entry.Property("CreatedAt").CurrentValue = now;
        if (entry.Entity is User) entry.Property(nameof(User.UpdatedAt)).CurrentValue = now;
        // A new ETag for every write; the original value stays the concurrency check of the UPDATE.
        if (entry.Entity is IVersioned) entry.Property(nameof(IVersioned.Version)).CurrentValue = Guid.NewGuid();
    }

    private static void Set(EntityEntry entry, string property, string value)
    {
        var p = entry.Property(property);
        if (!Equals(p.CurrentValue, value)) p.CurrentValue = value;
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join('/', entry.Metadata.FindPrimaryKey()!.Properties
            .Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, CultureInfo.InvariantCulture)));

    private static string ToJson(EntityEntry entry, bool original)
    {
        var values = original ? entry.OriginalValues : entry.CurrentValues;
        var state = new Dictionary<string, object?>();
        foreach (var p in entry.Metadata.GetProperties())
            if (!GrantSortNames.IsDerived(entry, p.Name)) state[p.Name] = values[p];
        return JsonSerializer.Serialize(state, Json);
    }
}
