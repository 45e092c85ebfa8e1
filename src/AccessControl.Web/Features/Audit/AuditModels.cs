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

    // The stored text is JSON written by the audit interceptor; should an entry ever hold something else, show it as a string.
    private static JsonNode? ParseJson(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return JsonValue.Create(text); }
    }
}

/// <summary>Filters of <c>GET /audit</c>; instants are ISO 8601 text, parsed by the service (bad ones are a 400).</summary>
public sealed record AuditQuery(string? From, string? To, string? Actor, string? Action, string? EntityType, string? EntityKey, string? ChangeId);
