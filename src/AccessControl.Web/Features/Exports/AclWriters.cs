using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CsvHelper;
using k8s;

namespace AccessControl.Web.Features.Exports;

/// <summary>Writes export rows to a stream as they come, flushing every few hundred rows so the download starts at once.</summary>
public static class AclWriters
{
    private const int FlushEvery = 500;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static Task CsvAsync(Stream body, IEnumerable<GrantRow> rows, CancellationToken ct) =>
        CsvAsync(body, ["subject", "active", "via", "role", "roleName", "resource", "grant"],
            rows.Select(r => new[] { r.Subject, r.Active ? "true" : "false", r.Via, r.Role, r.RoleName, r.Resource, r.Grant.ToString() }), ct);

    public static Task CsvAsync(Stream body, IEnumerable<EffectiveRow> rows, CancellationToken ct) =>
        CsvAsync(body, ["subject", "admin", "resource", "permissions", "grants"],
            rows.Select(r => new[] { r.Subject, r.Admin ? "true" : "false", r.Resource, string.Join(' ', r.Permissions), string.Join(' ', r.Grants) }), ct);

    /// <summary>A header row, then one record per row (CsvHelper quotes what needs quoting).</summary>
    public static async Task CsvAsync(Stream body, string[] header, IEnumerable<string[]> records, CancellationToken ct)
    {
        await using var text = new StreamWriter(body, Utf8, bufferSize: 64 * 1024, leaveOpen: true);
        await using var csv = CsvWriter.Create(text, new CsvWriterOptions(), leaveOpen: true);
        await csv.WriteRecordAsync(header, ct);
        var n = 0;
        foreach (var record in records)
        {
            await csv.WriteRecordAsync(record, ct);
            if (++n % FlushEvery == 0) await csv.FlushAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary><c>{"view": ..., "asOf": ..., "rows": [...]}</c>, rows written one by one.</summary>
    /// <remarks>Written to the response's pipe: the JSON writer fills it without blocking, each flush sends what is there.</remarks>
    public static async Task JsonAsync<T>(PipeWriter body, string view, DateTime asOf, IEnumerable<T> rows, JsonSerializerOptions options, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("view", view);
        json.WriteString("asOf", asOf);
        json.WriteStartArray("rows");
        var n = 0;
        foreach (var r in rows)
        {
            JsonSerializer.Serialize(json, r, options);
            if (++n % FlushEvery == 0) await body.FlushAsync(ct);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(ct);
    }

    /// <summary>Multi-document YAML, one object per document.</summary>
    public static async Task YamlAsync(Stream body, IEnumerable<object> objects, CancellationToken ct)
    {
        await using var text = new StreamWriter(body, Utf8, leaveOpen: true);
        var n = 0;
        foreach (var o in objects)
        {
            if (n > 0) await text.WriteAsync("---\n");
            var yaml = KubernetesYaml.Serialize(o);
            await text.WriteAsync(yaml);
            if (!yaml.EndsWith('\n')) await text.WriteAsync('\n');
            if (++n % FlushEvery == 0) await text.FlushAsync(ct);
        }
        await text.FlushAsync(ct);
    }
}
