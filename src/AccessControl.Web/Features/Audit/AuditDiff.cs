using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Audit;

/// <summary>One field of an audited row: its value before and after the change (null when absent) and whether it changed.</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After, bool Changed);

/// <summary>
/// The readable diff of an audit entry: the union of the fields of its before and after states, in the row's own order,
/// each with both values as text. An add has only "after" values, a delete only "before" ones; both count as changed.
/// Nested values (a role's permission list) are shown as compact JSON.
/// </summary>
public static class AuditDiff
{
    public static List<AuditFieldChange> Of(JsonNode? before, JsonNode? after)
    {
        var b = before as JsonObject;
        var a = after as JsonObject;
        if (b is null && a is null)
            return before is null && after is null ? [] : [new("value", Text(before), Text(after), Text(before) != Text(after))];
        var fields = (b?.Select(p => p.Key) ?? []).Concat(a?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal);
        return fields.Select(f =>
        {
            var (x, y) = (b is null ? null : Text(b[f]), a is null ? null : Text(a[f]));
            return new AuditFieldChange(f, x, y, x != y);
        }).ToList();
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
