using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Audit;

public static class AuditEndpoints
{
    /// <summary>GET only: any other method on /audit answers 405, as the log cannot be changed through the API.</summary>
    public static void MapAudit(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", (AuditService s, string? from, string? to, string? actor, string? action, string? entityType, string? entityKey,
                string? changeId, int? offset, int? limit, CancellationToken ct) =>
            s.ListAsync(new AuditQuery(from, to, actor, action, entityType, entityKey, changeId), PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Audit);
        audit.MapGet("/{id:long}", (AuditService s, long id, CancellationToken ct) => s.GetAsync(id, ct)).RequireAuthorization(Policies.Audit);
    }
}
