using System.Data.Common;
using AccessControl.Data;
using Npgsql;

namespace AccessControl.Web.Features.Snapshot;

/// <summary>
/// Counts a model change inside the committing transaction and, on PostgreSQL, tells the other app instances:
/// one statement adds one to the <c>ModelVersion</c> row (its row lock orders the commits, so versions are contiguous
/// in commit order) and queues a NOTIFY with this instance's id, the new version and the keys of the touched rows.
/// PostgreSQL delivers the notification only when the transaction commits, and never to a rolled-back one.
/// </summary>
public sealed class ModelChangeNotifier
{
    public const string Channel = "accesscontrol_model_changes";
    /// <summary>NOTIFY payloads must stay under 8,000 bytes; a larger change is announced as "reload everything".</summary>
    private const int MaxKeysLength = 7_000;

    /// <summary>Tells this instance's own notifications from the others'.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public async Task<long> CountAsync(DbTransaction transaction, ModelChangeKeys keys, CancellationToken ct)
    {
        await using var cmd = transaction.Connection!.CreateCommand();
        cmd.Transaction = transaction;
        if (transaction is NpgsqlTransaction)
        {
            var text = keys.Serialize();
            cmd.CommandText = """
                WITH v AS (UPDATE "ModelVersion" SET "Value" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value")
                SELECT v."Value", pg_notify(@channel, @instance || '|' || v."Value" || '|' || @keys) FROM v
                """;
            cmd.Parameters.Add(new NpgsqlParameter("channel", Channel));
            cmd.Parameters.Add(new NpgsqlParameter("instance", InstanceId));
            cmd.Parameters.Add(new NpgsqlParameter("keys", text.Length <= MaxKeysLength ? text : "*"));
        }
        else cmd.CommandText = """UPDATE "ModelVersion" SET "Value" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value" """;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    /// <summary>The parts of a notification: sender, version, keys (null: reload everything). Null when malformed.</summary>
    public static (string Instance, long Version, ModelChangeKeys? Keys)? Parse(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length != 3 || !long.TryParse(parts[1], out var version)) return null;
        try
        {
            return (parts[0], version, parts[2] == "*" ? null : ModelChangeKeys.Parse(parts[2]));
        }
        catch (FormatException)
        {
            return (parts[0], version, null);
        }
    }
}
