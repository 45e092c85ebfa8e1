using System.Text.Json;
using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

/// <summary>A PATCH target: <c>attr</c>, <c>attr.sub</c>, <c>attr[filter]</c> or <c>attr[filter].sub</c>, in the core
/// schema or the enterprise extension.</summary>
public sealed record PatchPath(bool Enterprise, string Attribute, FilterNode? Filter, string? Sub)
{
    public static PatchPath Parse(string raw)
    {
        var path = ScimSchemas.StripSchema(raw.Trim(), out var enterprise);
        FilterNode? filter = null;
        string? sub = null;
        var open = path.IndexOf('[');
        string attr;
        if (open >= 0)
        {
            var close = path.LastIndexOf(']');
            if (close < open) throw ScimException.BadPath($"'{raw}' is not a valid path: '[' is not closed.");
            attr = path[..open];
            try { filter = ScimFilterParser.Parse(path[(open + 1)..close]); }
            catch (ScimException e) { throw ScimException.BadPath($"'{raw}' is not a valid path: {e.Message}"); }
            var rest = path[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != '.' || !IsName(rest[1..])) throw ScimException.BadPath($"'{raw}' is not a valid path.");
                sub = rest[1..];
            }
        }
        else
        {
            var dot = path.IndexOf('.');
            attr = dot < 0 ? path : path[..dot];
            if (dot >= 0) sub = path[(dot + 1)..];
            if (sub is not null && !IsName(sub)) throw ScimException.BadPath($"'{raw}' is not a valid path.");
        }
        if (!IsName(attr)) throw ScimException.BadPath($"'{raw}' is not a valid path.");
        return new PatchPath(enterprise, attr, filter, sub);
    }

    private static bool IsName(string s) => s.Length > 0 && char.IsAsciiLetter(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '$');
}

/// <summary>
/// Applies a SCIM PatchOp to a resource's JSON representation, in order; the caller maps the result back onto the
/// entity and saves once, so that a failing operation changes nothing. Multi-valued attributes the caller keeps
/// elsewhere (group members) are handed to <c>special</c>.
/// </summary>
public static class ScimPatch
{
    public delegate bool SpecialHandler(string op, PatchPath path, JsonNode? value);

    public static void Apply(JsonObject resource, JsonObject patch, SpecialHandler? special = null)
    {
        if (patch.Get("Operations") is not JsonArray ops)
            throw new ScimException(400, ScimErrorTypes.InvalidSyntax, "A PATCH body needs an 'Operations' array.");
        foreach (var node in ops)
        {
            if (node is not JsonObject o) throw new ScimException(400, ScimErrorTypes.InvalidSyntax, "Each operation must be an object.");
            var op = ScimJson.AsString(o.Get("op"), "op")?.Trim().ToLowerInvariant();
            if (op is not ("add" or "replace" or "remove"))
                throw new ScimException(400, ScimErrorTypes.InvalidSyntax, $"'{op}' is not a PATCH operation (add, replace, remove).");
            var path = ScimJson.AsString(o.Get("path"), "path");
            var value = o.Get("value");
            if (string.IsNullOrWhiteSpace(path)) ApplyPathless(resource, op, value, special);
            else ApplyAt(resource, op, PatchPath.Parse(path), value, special);
        }
    }

    private static void ApplyPathless(JsonObject resource, string op, JsonNode? value, SpecialHandler? special)
    {
        if (op == "remove") throw new ScimException(400, ScimErrorTypes.NoTarget, "A remove operation needs a path.");
        if (value is not JsonObject o) throw ScimException.BadValue("An add or replace without a path needs an object value.");
        foreach (var (key, v) in o.ToList())
        {
            if (key.Equals(ScimSchemas.Enterprise, StringComparison.OrdinalIgnoreCase) && v is JsonObject ext)
                foreach (var (k2, v2) in ext.ToList()) ApplyAt(resource, op, PatchPath.Parse($"{ScimSchemas.Enterprise}:{k2}"), v2, special);
            else if (key.Equals("schemas", StringComparison.OrdinalIgnoreCase) || key.Equals("id", StringComparison.OrdinalIgnoreCase)
                     || key.Equals("meta", StringComparison.OrdinalIgnoreCase)) continue; // read-only: ignored
            else ApplyAt(resource, op, PatchPath.Parse(key), v, special);
        }
    }

    private static void ApplyAt(JsonObject resource, string op, PatchPath path, JsonNode? value, SpecialHandler? special)
    {
        if (special?.Invoke(op, path, value) == true) return;
        var container = resource;
        if (path.Enterprise)
        {
            if (resource.Get(ScimSchemas.Enterprise) is not JsonObject ext) resource.SetCi(ScimSchemas.Enterprise, ext = new JsonObject());
            container = ext;
        }
        value = value?.DeepClone();
        if (op == "remove" && path.Filter is null && path.Sub is null && value is not null && container.Get(path.Attribute) is JsonArray list)
        {
            // Remove exactly the listed values from a multi-valued attribute.
            var remove = (value as JsonArray ?? [value.DeepClone()]).Select(v => (v as JsonObject)?.Get("value")?.ToString() ?? v?.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
            for (var i = list.Count - 1; i >= 0; i--)
                if (remove.Contains((list[i] as JsonObject)?.Get("value")?.ToString() ?? "")) list.RemoveAt(i);
            return;
        }
        if (path.Filter is null)
        {
            if (path.Sub is null)
            {
                var existing = container.Get(path.Attribute);
                if (op == "remove" || value is null) container.RemoveCi(path.Attribute);
                else if (existing is JsonObject current && value is JsonObject incoming)
                    foreach (var (k, v) in incoming.ToList()) { incoming.Remove(k); current.SetCi(k, v); }
                else if (op == "add" && existing is JsonArray arr && value is JsonArray more)
                    foreach (var v in more.ToList()) { more.Remove(v); arr.Add(v); }
                else if (op == "add" && existing is JsonArray arr2 && value is JsonObject one) arr2.Add(one);
                else container.SetCi(path.Attribute, value);
                return;
            }
            var parent = container.Get(path.Attribute);
            if (parent is JsonArray elements)
            {
                // "emails.value" on a multi-valued attribute: the primary (or first) entry.
                parent = elements.OfType<JsonObject>().FirstOrDefault(e => ScimJson.AsBool(e.Get("primary"), "primary") == true)
                         ?? elements.OfType<JsonObject>().FirstOrDefault();
                if (parent is null && op != "remove") elements.Add(parent = new JsonObject());
            }
            if (parent is not JsonObject obj)
            {
                if (op == "remove" || value is null) return;
                container.SetCi(path.Attribute, obj = new JsonObject());
            }
            if (op == "remove" || value is null) obj.RemoveCi(path.Sub);
            else obj.SetCi(path.Sub, value);
            return;
        }
        if (container.Get(path.Attribute) is not JsonArray items)
        {
            if (op == "remove") return;
            container.SetCi(path.Attribute, items = new JsonArray());
        }
        var matches = items.OfType<JsonObject>().Where(e => Matches(path.Filter, e)).ToList();
        if (op == "remove" || value is null)
        {
            foreach (var m in matches)
                if (path.Sub is null) items.Remove(m);
                else m.RemoveCi(path.Sub);
            return;
        }
        if (matches.Count == 0)
        {
            // Upsert: emails[type eq "work"].value creates the work entry when it is missing.
            var created = new JsonObject();
            foreach (var (attr, v) in Equalities(path.Filter)) created[attr] = v.DeepClone();
            items.Add(created);
            matches.Add(created);
        }
        foreach (var m in matches)
        {
            if (path.Sub is not null) m.SetCi(path.Sub, value.DeepClone());
            else if (value is JsonObject incoming) foreach (var (k, v) in incoming) m.SetCi(k, v?.DeepClone());
            else throw ScimException.BadValue("A value filter without a sub-attribute needs an object value.");
        }
    }

    private static IEnumerable<(string, JsonNode)> Equalities(FilterNode f) => f switch
    {
        CompareNode { Op: "eq", Value: not null } c => [(c.Path, c.Value)],
        AndNode a => Equalities(a.Left).Concat(Equalities(a.Right)),
        _ => [],
    };

    /// <summary>Evaluates a value filter on one entry of a multi-valued attribute (strings without case).</summary>
    public static bool Matches(FilterNode f, JsonObject e) => f switch
    {
        AndNode a => Matches(a.Left, e) && Matches(a.Right, e),
        OrNode o => Matches(o.Left, e) || Matches(o.Right, e),
        NotNode n => !Matches(n.Inner, e),
        CompareNode c => Compare(e.Get(c.Path), c.Op, c.Value),
        _ => throw ScimException.BadPath("A path filter cannot contain another value filter."),
    };

    private static bool Compare(JsonNode? actual, string op, JsonValue? expected)
    {
        if (op == "pr") return actual is not null && actual.ToString().Length > 0;
        if (expected is null) return op == "eq" ? actual is null : actual is not null;
        if (actual is null) return op == "ne";
        if (expected.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            var a = ScimJson.AsBool(actual, "value") ?? false;
            var b = expected.GetValueKind() == JsonValueKind.True;
            return op == "ne" ? a != b : a == b;
        }
        var x = actual.GetValueKind() == JsonValueKind.String ? actual.GetValue<string>() : actual.ToJsonString();
        var y = expected.GetValueKind() == JsonValueKind.String ? expected.GetValue<string>() : expected.ToJsonString();
        var cmp = string.Compare(x, y, StringComparison.OrdinalIgnoreCase);
        return op switch
        {
            "eq" => cmp == 0, "ne" => cmp != 0,
            "co" => x.Contains(y, StringComparison.OrdinalIgnoreCase),
            "sw" => x.StartsWith(y, StringComparison.OrdinalIgnoreCase),
            "ew" => x.EndsWith(y, StringComparison.OrdinalIgnoreCase),
            "gt" => cmp > 0, "ge" => cmp >= 0, "lt" => cmp < 0, "le" => cmp <= 0,
            _ => false,
        };
    }
}
