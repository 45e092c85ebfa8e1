using System.Collections.Immutable;
using System.IO.Compression;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>
/// Replay states kept in the database (<see cref="HistoryCheckpoint"/>), so that a question about the past, also right
/// after a restart, loads the nearest checkpoint at or before its instant and replays only the audit entries after it.
/// A checkpoint is taken after the first entry whose id reaches the next multiple of the interval, so every app instance
/// picks the same entries (a second write of one is ignored).
/// </summary>
public static class HistoryCheckpointStore
{

    /// <summary>The entry of the nearest stored checkpoint at or before <paramref name="entry"/>, 0 when none.</summary>
    public static async Task<long> NearestAsync(AccessControlDbContext db, long entry, CancellationToken ct = default) =>
        await db.HistoryCheckpoints.AsNoTracking().Where(c => c.Entry <= entry).MaxAsync(c => (long?)c.Entry, ct) ?? 0;

    public static async Task<ModelReplay> LoadAsync(AccessControlDbContext db, long entry, CancellationToken ct = default)
    {
        var data = await db.HistoryCheckpoints.AsNoTracking().Where(c => c.Entry == entry).Select(c => c.Data).SingleAsync(ct);
        using var reader = Decompressed(data);
        var tables = new ImmutableDictionary<string, byte[]>[AccessModelHistory.ModelTypes.Length];
        for (var t = 0; t < tables.Length; t++)
        {
            var rows = ImmutableDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
            for (var n = reader.ReadInt32(); n > 0; n--) rows[reader.ReadString()] = reader.ReadBytes(reader.ReadInt32());
            tables[t] = rows.ToImmutable();
        }
        return ModelReplay.Of(entry, tables);
    }

    /// <summary>The engine's model of a stored checkpoint (what a question about the past needs; no row is parsed).</summary>
    public static async Task<AccessModel> LoadModelAsync(AccessControlDbContext db, long entry, CancellationToken ct = default)
    {
        var data = await db.HistoryCheckpoints.AsNoTracking().Where(c => c.Entry == entry).Select(c => c.Model).SingleAsync(ct);
        using var reader = Decompressed(data);
        return ModelBinary.Read(reader);
    }

    /// <summary>Stores <paramref name="state"/>; false when that checkpoint was already stored (by this or another instance).</summary>
    public static async Task<bool> SaveAsync(AccessControlDbContext db, ModelReplay state, DateTime now, CancellationToken ct = default)
    {
        if (await db.HistoryCheckpoints.AnyAsync(c => c.Entry == state.Entry, ct)) return false;
        db.HistoryCheckpoints.Add(new HistoryCheckpoint { Entry = state.Entry, CreatedAt = now, Rows = state.RowCount, Data = Serialize(state),
            Model = Compressed(w => ModelBinary.Write(w, state.ToModel())) });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.HistoryCheckpoints.AsNoTracking().AnyAsync(c => c.Entry == state.Entry, ct)) return false; // another instance stored it meanwhile
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Stores the checkpoints due up to entry <paramref name="settledUpTo"/> (every entry at or before it committed):
    /// replays from the last stored one and keeps the state at each multiple of <paramref name="every"/> it passes.
    /// Returns how many were stored.
    /// </summary>
    public static async Task<int> WriteDueAsync(AccessControlDbContext db, long every, long settledUpTo, DateTime now, CancellationToken ct = default)
    {
        var last = await NearestAsync(db, long.MaxValue, ct);
        if (settledUpTo / every <= last / every) return 0;
        var state = (last == 0 ? ModelReplay.Empty : await LoadAsync(db, last, ct)).Resume();
        var due = new List<ModelReplay>();
        var previous = state.Entry;
        await state.ReplayAsync(db, settledUpTo, s =>
        {
            if (IsDue(previous, s.Entry, every)) due.Add(s.Freeze());
            previous = s.Entry;
        }, ct);
        var stored = 0;
        foreach (var checkpoint in due)
            if (await SaveAsync(db, checkpoint, now, ct)) stored++;
        return stored;
    }

    /// <summary>Is a checkpoint due after <paramref name="entry"/> when the one before was <paramref name="previous"/>?</summary>
    public static bool IsDue(long previous, long entry, long every) => entry / every > previous / every;

    /// <summary>GZip of, per table of <see cref="AccessModelHistory.ModelTypes"/>: the row count, then each row's key and JSON.</summary>
    private static byte[] Serialize(ModelReplay state) => Compressed(writer =>
    {
        foreach (var table in state.Tables)
        {
            writer.Write(table.Count);
            foreach (var (key, json) in table)
            {
                writer.Write(key);
                writer.Write(json.Length);
                writer.Write(json);
            }
        }
    });

    // Buffered both ways: the items are small, and each read or write of a GZip stream is a call into zlib.
    private static byte[] Compressed(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(new BufferedStream(new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true), 1 << 16)))
            write(writer);
        return buffer.ToArray();
    }

    private static BinaryReader Decompressed(byte[] data) =>
        new(new BufferedStream(new GZipStream(new MemoryStream(data), CompressionMode.Decompress), 1 << 16));
}
