using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

/// <summary>Paging, ListResponse and the attributes / excludedAttributes projection.</summary>
public static class ScimListing
{
    /// <summary>Most resources one page holds; advertised as filter.maxResults.</summary>
    public const int MaxResults = 200;

    public static (int Skip, int Take, int StartIndex) Page(int? startIndex, int? count)
    {
        var start = startIndex is null or < 1 ? 1 : startIndex.Value;
        var take = count is null ? MaxResults : Math.Clamp(count.Value, 0, MaxResults);
        return (start - 1, take, start);
    }

    public static JsonObject ListResponse(int total, int startIndex, IEnumerable<JsonNode> resources)
    {
        var list = new JsonArray(resources.ToArray());
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.ListResponse),
            ["totalResults"] = total,
            ["startIndex"] = startIndex,
            ["itemsPerPage"] = list.Count,
            ["Resources"] = list,
        };
    }

    public static bool Excludes(string? attributes, string? excluded, string attribute) =>
        Split(excluded).Any(p => p.Attr == attribute && p.Sub is null && !p.Enterprise)
        || (Split(attributes) is { Count: > 0 } only && !only.Any(p => p.Attr == attribute && !p.Enterprise));

    public static JsonObject Project(JsonObject resource, string? attributes, string? excluded)
    {
        var only = Split(attributes);
        if (only.Count > 0)
        {
            var result = new JsonObject { ["schemas"] = resource["schemas"]?.DeepClone(), ["id"] = resource["id"]?.DeepClone() };
            foreach (var p in only)
            {
                var source = p.Enterprise ? resource.Get(ScimSchemas.Enterprise) as JsonObject : resource;
                if (source?.Get(p.Attr) is not { } value || p.Attr is "id" or "schemas") continue;
                var target = result;
                if (p.Enterprise)
                {
                    if (result.Get(ScimSchemas.Enterprise) is not JsonObject ext) result[ScimSchemas.Enterprise] = ext = new JsonObject();
                    target = ext;
                }
                var key = source.Key(p.Attr)!;
                if (p.Sub is null) target[key] = value.DeepClone();
                else if (value is JsonObject o && o.Get(p.Sub) is { } subValue)
                {
                    if (target[key] is not JsonObject t) target[key] = t = new JsonObject();
                    t[o.Key(p.Sub)!] = subValue.DeepClone();
                }
            }
            resource = result;
        }
        foreach (var p in Split(excluded))
        {
            if (p.Attr is "id" or "schemas" && !p.Enterprise) continue;
            var source = p.Enterprise ? resource.Get(ScimSchemas.Enterprise) as JsonObject : resource;
            if (source is null) continue;
            if (p.Sub is null) source.RemoveCi(p.Attr);
            else (source.Get(p.Attr) as JsonObject)?.RemoveCi(p.Sub);
        }
        return resource;
    }

    private static List<(bool Enterprise, string Attr, string? Sub)> Split(string? list)
    {
        if (string.IsNullOrWhiteSpace(list)) return [];
        var result = new List<(bool, string, string?)>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var path = ScimSchemas.StripSchema(raw, out var enterprise);
            if (enterprise && path.Length == 0) { result.Add((false, ScimSchemas.Enterprise, null)); continue; }
            var dot = path.IndexOf('.');
            result.Add(dot < 0 ? (enterprise, path, null) : (enterprise, path[..dot], path[(dot + 1)..]));
        }
        // Attribute names are case-insensitive: compare in lower case.
        return result.Select(r => (r.Item1, r.Item2 == ScimSchemas.Enterprise ? r.Item2 : r.Item2.ToLowerInvariant(), r.Item3?.ToLowerInvariant())).ToList();
    }
}
