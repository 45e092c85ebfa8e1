using System.Text.Json;
using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

/// <summary>SCIM bodies as JSON nodes: read leniently (either media type, case-insensitive names), written as
/// <c>application/scim+json</c> without nulls.</summary>
public static class ScimJson
{
    public const string MediaType = "application/scim+json";
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, NodeOptions, new JsonDocumentOptions { MaxDepth = 64 }, ct);
        }
        catch (JsonException e)
        {
            throw new ScimException(400, ScimErrorTypes.InvalidSyntax, $"The body is not valid JSON: {e.Message.Split('.')[0]}.");
        }
        return node as JsonObject ?? throw new ScimException(400, ScimErrorTypes.InvalidSyntax, "The body must be a JSON object.");
    }

    /// <summary>The property of that name, ignoring case; null when absent or JSON null.</summary>
    public static JsonNode? Get(this JsonObject o, string name)
    {
        foreach (var (key, value) in o)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    public static string? Key(this JsonObject o, string name) =>
        o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    public static void SetCi(this JsonObject o, string name, JsonNode? value)
    {
        if (o.Key(name) is { } existing) o.Remove(existing);
        if (value is not null) o[name] = value;
    }

    public static bool RemoveCi(this JsonObject o, string name) => o.Key(name) is { } k && o.Remove(k);

    public static string? AsString(JsonNode? node, string attribute) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw ScimException.BadValue($"'{attribute}' must be a string."),
    };

    /// <summary>Booleans, also as strings ("False", "true": Entra sends them so).</summary>
    public static bool? AsBool(JsonNode? node, string attribute) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>().Trim(), out var b) => b,
        _ => throw ScimException.BadValue($"'{attribute}' must be true or false."),
    };

    /// <summary>Removes JSON nulls, recursively (SCIM: null means "no value").</summary>
    public static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(key);
                foreach (var (_, v) in o) WithoutNulls(v);
                return o;
            case JsonArray a:
                for (var i = a.Count - 1; i >= 0; i--)
                    if (a[i] is null) a.RemoveAt(i);
                    else WithoutNulls(a[i]);
                return a;
            default: return node;
        }
    }
}

/// <summary>A SCIM answer: status, body, and the Location and ETag headers of a resource.</summary>
public sealed class ScimResult(int status, JsonNode? body, string? location = null, string? etag = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        if (location is not null) http.Response.Headers.Location = location;
        if (etag is not null) http.Response.Headers.ETag = etag;
        if (body is null) return;
        http.Response.ContentType = ScimJson.MediaType;
        await http.Response.WriteAsync(ScimJson.WithoutNulls(body)!.ToJsonString());
    }
}
