namespace AccessControl.Data.Entities;

/// <summary>
/// The model as it was after audit entry <see cref="Entry"/>, serialized (<see cref="HistoryCheckpointStore"/>), so that
/// a question about the past replays the audit log from here rather than from the start. Not audited: derived from the log.
/// </summary>
public sealed class HistoryCheckpoint
{
    public long Entry { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>How many model rows it holds.</summary>
    public int Rows { get; set; }
    /// <summary>GZip-compressed: per table, each row's key and its JSON as the audit log holds it.</summary>
    public required byte[] Data { get; set; }
    /// <summary>GZip-compressed <see cref="ModelBinary"/>: the engine's model, read directly by a question about the past.</summary>
    public required byte[] Model { get; set; }
}
