using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;

namespace AccessControl.Web.Features.Access;

/// <summary>
/// <c>POST /access/check-batch</c> without per-check allocation beyond the answer: the body is read once into the
/// request pipe and parsed with <see cref="Utf8JsonReader"/>, each reference is split and looked up as characters
/// (no string per field), every check is resolved against one snapshot before anything is answered (so a bad or
/// unknown reference is a 400 naming <c>checks[i].field</c>, as for <see cref="AccessService.Check"/>), then each
/// answer is decided (<see cref="AccessEngine.Decide(in ResolvedCheck)"/>) and written straight to the response,
/// its grants walked from the snapshot's interned strings. The JSON is the one <see cref="CheckBatchResult"/> would
/// serialize to (camelCase, nulls left out).
/// </summary>
public static class CheckBatchStream
{
    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results"), Allowed = JsonEncodedText.Encode("allowed"),
        Because = JsonEncodedText.Encode("because"), Reason = JsonEncodedText.Encode("reason"), Denial = JsonEncodedText.Encode("denial"),
        Nearest = JsonEncodedText.Encode("nearest"), Admin = JsonEncodedText.Encode("admin"), Grant = JsonEncodedText.Encode("grant"),
        Subject = JsonEncodedText.Encode("subject"), Role = JsonEncodedText.Encode("role"), Resource = JsonEncodedText.Encode("resource"),
        Via = JsonEncodedText.Encode("via"), InheritedFrom = JsonEncodedText.Encode("inheritedFrom"), Lacks = JsonEncodedText.Encode("lacks");
    private static readonly JsonEncodedText[] Denials =
        [JsonEncodedText.Encode("inactive"), JsonEncodedText.Encode("notApplicable"), JsonEncodedText.Encode("noGrant")];

    private const int FlushBytes = 32 * 1024;

    public static async Task WriteAsync(HttpContext http, HistoryService history, string? asOf, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("The body must be JSON (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        var body = http.Request.BodyReader;
        ReadResult read;
        while (!(read = await body.ReadAsync(ct)).IsCompleted) body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        try
        {
            var engine = await history.EngineAsync(asOf, ct);
            var checks = Resolve(read.Buffer, engine, out var count);
            try
            {
                await WriteAsync(http.Response, engine, checks.AsMemory(0, count), ct);
            }
            finally
            {
                ArrayPool<ResolvedCheck>.Shared.Return(checks, clearArray: true);
            }
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }
    }

    /// <summary>Every check of the body, resolved; throws a <see cref="ValidationException"/> naming each bad one.</summary>
    private static ResolvedCheck[] Resolve(ReadOnlySequence<byte> json, AccessEngine engine, out int count)
    {
        if (json.IsEmpty) throw Required();
        var checks = ArrayPool<ResolvedCheck>.Shared.Rent(64);
        count = 0;
        var malformed = new Validator();
        var unknown = new Validator();
        var fields = new Fields();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null) throw Required();
            if (reader.TokenType != JsonTokenType.StartObject) throw NotJson("the body must be an object {\"checks\": [...]}");
            var seen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isChecks = fields.NameIs(ref reader, "checks");
                reader.Read();
                if (!isChecks) { reader.Skip(); continue; }
                if (reader.TokenType == JsonTokenType.Null) { seen = false; count = 0; continue; }
                if (reader.TokenType != JsonTokenType.StartArray) throw NotJson("checks must be a list of {subject, permission, resource}");
                seen = true;
                count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var i = count++;
                    if (i >= AccessService.MaxBatch) { reader.Skip(); continue; }
                    if (i == checks.Length)
                    {
                        var larger = ArrayPool<ResolvedCheck>.Shared.Rent(checks.Length * 2);
                        checks.AsSpan().CopyTo(larger);
                        ArrayPool<ResolvedCheck>.Shared.Return(checks, clearArray: true);
                        checks = larger;
                    }
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        malformed.Add($"checks[{i}]", "A check is an object {subject, permission, resource}.");
                        continue;
                    }
                    if (reader.TokenType != JsonTokenType.StartObject) throw NotJson($"checks[{i}] must be an object {{subject, permission, resource}}");
                    fields.Read(ref reader, i);
                    checks[i] = fields.Resolve(engine, i, malformed, unknown);
                }
            }
            if (!seen) throw Required();
            if (count > AccessService.MaxBatch)
                throw new ValidationException("checks", $"A batch holds at most {AccessService.MaxBatch} checks; this one has {count}. Split it.");
            malformed.ThrowIfInvalid();
            unknown.ThrowIfInvalid();
            return checks;
        }
        catch (JsonException e)
        {
            ArrayPool<ResolvedCheck>.Shared.Return(checks, clearArray: true);
            throw NotJson(e.Message.Split(". ")[0]);
        }
        catch
        {
            ArrayPool<ResolvedCheck>.Shared.Return(checks, clearArray: true);
            throw;
        }
    }

    private static ValidationException Required() => new("checks", "The checks field is required: a list of {subject, permission, resource}.");

    private static BadHttpRequestException NotJson(string what) => new($"The body is not a valid check batch: {what}.", StatusCodes.Status400BadRequest);

    /// <summary>The three fields of the check being read, as characters in reused buffers.</summary>
    private sealed class Fields
    {
        // subject, permission, resource: the characters of each, and their length (-1: absent or null).
        private readonly char[][] values = [new char[256], new char[128], new char[512]];
        private readonly int[] lengths = new int[3];
        private char[] name = new char[64];

        /// <summary>Reads one check object (the reader on its StartObject) into the buffers.</summary>
        public void Read(ref Utf8JsonReader reader, int index)
        {
            lengths.AsSpan().Fill(-1);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = NameIs(ref reader, "subject") ? 0 : NameIs(ref reader, "permission") ? 1 : NameIs(ref reader, "resource") ? 2 : -1;
                reader.Read();
                if (field < 0) { reader.Skip(); continue; }
                if (reader.TokenType == JsonTokenType.Null) { lengths[field] = -1; continue; }
                if (reader.TokenType != JsonTokenType.String) throw NotJson($"checks[{index}] fields must be strings");
                var most = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                if (values[field].Length < most) values[field] = new char[Math.Max(most, values[field].Length * 2)];
                lengths[field] = reader.CopyString(values[field]);
            }
        }

        private ReadOnlySpan<char> Value(int field) => lengths[field] < 0 ? default : values[field].AsSpan(0, lengths[field]);

        /// <summary>Is the current property name <paramref name="expected"/>, ignoring case (as the API's JSON binding does).</summary>
        public bool NameIs(ref Utf8JsonReader reader, string expected)
        {
            var most = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (most < expected.Length || most > expected.Length * 6) return false;
            if (name.Length < most) name = new char[most];
            var n = reader.CopyString(name);
            return name.AsSpan(0, n).Equals(expected, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The check resolved, or default with the error recorded as <see cref="AccessService"/> words it.</summary>
        public ResolvedCheck Resolve(AccessEngine engine, int i, Validator malformed, Validator unknown)
        {
            string F(string field) => $"checks[{i}].{field}"; // only on an error: nothing is built for a good check
            ReadOnlySpan<char> s = Value(0), p = Value(1), r = Value(2);
            var ok = true;
            if (s.IsWhiteSpace()) { malformed.Add(F("subject"), AccessService.SubjectRequired(F("subject"))); ok = false; }
            else if (!SubjectRef.TryParse(s, out _, out _)) { malformed.Add(F("subject"), AccessService.NotASubject(s.ToString())); ok = false; }
            if (p.IsWhiteSpace()) { malformed.Add(F("permission"), $"The {F("permission")} field is required."); ok = false; }
            if (r.IsWhiteSpace()) { malformed.Add(F("resource"), AccessService.ResourceRequired(F("resource"))); ok = false; }
            else if (!ResourceRef.TryParse(r, out _, out _)) { malformed.Add(F("resource"), AccessService.NotAResource(r.ToString())); ok = false; }
            if (!ok || malformed.HasErrors) return default; // unknown references are reported only when every check is well formed
            SubjectRef.TryParse(s, out var sk, out var sn);
            ResourceRef.TryParse(r, out var rk, out var rn);
            try
            {
                return engine.Resolve(sk, sn, p, rk, rn);
            }
            catch (UnknownReferenceException e)
            {
                unknown.Add(F(e.Field), e.Message);
                return default;
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, AccessEngine engine, ReadOnlyMemory<ResolvedCheck> checks, CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var pipe = response.BodyWriter;
        await using var json = new Utf8JsonWriter((IBufferWriter<byte>)pipe);
        json.WriteStartObject();
        json.WriteStartArray(Results);
        var reason = ArrayPool<char>.Shared.Rent(2048);
        try
        {
            for (var i = 0; i < checks.Length; i++)
            {
                Write(json, engine.Decide(checks.Span[i]), reason);
                if (json.BytesPending < FlushBytes) continue;
                json.Flush();
                await pipe.FlushAsync(ct);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(reason);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await pipe.FlushAsync(ct);
    }

    /// <summary>One answer, as <see cref="CheckResult.From"/> shapes it.</summary>
    private static void Write(Utf8JsonWriter json, Verdict verdict, char[] reasonBuffer)
    {
        json.WriteStartObject();
        json.WriteBoolean(Allowed, verdict.Allowed);
        json.WriteStartArray(Because);
        if (verdict.Allowed)
            foreach (var g in verdict.Grants())
            {
                json.WriteStartObject();
                WriteGrant(json, g);
                if (g.InheritedFrom is { } from) json.WriteString(InheritedFrom, from);
                json.WriteEndObject();
            }
        json.WriteEndArray();
        if (!verdict.Allowed)
        {
            // The sentence of a no is written from a reused buffer (a string only if it is longer than the buffer).
            if (verdict.TryFormatReason(reasonBuffer, out var length)) json.WriteString(Reason, reasonBuffer.AsSpan(0, length));
            else json.WriteString(Reason, verdict.Reason());
            json.WriteString(Denial, Denials[(int)verdict.Denial!.Value]);
            var nearest = verdict.Grants();
            if (nearest.MoveNext())
            {
                var lacks = verdict.Permission;
                json.WriteStartArray(Nearest);
                do
                {
                    json.WriteStartObject();
                    WriteGrant(json, nearest.Current);
                    json.WriteString(Lacks, lacks);
                    json.WriteEndObject();
                }
                while (nearest.MoveNext());
                json.WriteEndArray();
            }
        }
        if (verdict.ViaAdmin) json.WriteBoolean(Admin, true);
        json.WriteEndObject();
    }

    private static void WriteGrant(Utf8JsonWriter json, GrantView g)
    {
        json.WriteString(Grant, g.Grant);
        json.WriteString(Subject, g.Subject);
        json.WriteString(Role, g.Role);
        json.WriteString(Resource, g.Resource);
        json.WriteString(Via, g.Via);
    }
}
