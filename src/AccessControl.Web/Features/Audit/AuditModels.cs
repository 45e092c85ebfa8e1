using System.Text.Json.Nodes;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.Audit;

/// <summary>One audit entry; <c>before</c>/<c>after</c> are the row's state as nested JSON objects (absent for an add/delete).</summary>
public sealed record AuditEntryDto(
    long Id, Guid ChangeId, DateTime At, string Actor, string Action, string EntityType, string EntityKey, string Operation,
    JsonNode? Before, JsonNode? After)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.Id, e.ChangeId, DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.Actor, e.Action,
        e.EntityType, e.EntityKey, e.Operation, ParseJson(e.Before), ParseJson(e.After));

    // The stored text is the row as JSON with the entity's property names; the API speaks camelCase. Should an entry ever
    // hold something that is not JSON, show it as a string.
    private static JsonNode? ParseJson(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try { return CamelCase(JsonNode.Parse(text)); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(text); }
    }

    private static JsonNode? CamelCase(JsonNode? node)
    {
        if (node is not JsonObject obj) return node;
        var result = new JsonObject();
        foreach (var (name, value) in obj.ToList())
        {
            obj.Remove(name);
            result[System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name)] = CamelCase(value);
        }
        return result;
    }
}

/// <summary>Filters of <c>GET /audit</c>; instants are ISO 8601 text, parsed by the service (bad ones are a 400).</summary>
public sealed record AuditQuery(string? From, string? To, string? Actor, string? Action, string? EntityType, string? EntityKey, string? ChangeId);
