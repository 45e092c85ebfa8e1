using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.History;
namespace AccessControl.Web.Features.Access;

public static class AccessEndpoints
{
    public static void MapAccess(this IEndpointRouteBuilder api)
    {
        var access = api.MapGroup("/access").WithTags("Decisions");
        access.MapPost("/check", (AccessService s, CheckRequest? body, string? asOf, CancellationToken ct) => s.Check(body, asOf, ct))
            .RequireAuthorization(Policies.Read);
        // Read and written as a stream (CheckBatchStream); the records describe it in the OpenAPI document.
        access.MapPost("/check-batch", (HttpContext http, HistoryService history, string? asOf, CancellationToken ct) =>
                CheckBatchStream.WriteAsync(http, history, asOf, ct))
            .Accepts<CheckBatchRequest>("application/json").Produces<CheckBatchResult>()
            .RequireAuthorization(Policies.Read);
        access.MapGet("/who-can", (AccessService s, string? permission, string? resource, string? asOf, CancellationToken ct) =>
            s.WhoCan(permission, resource, asOf, ct)).RequireAuthorization(Policies.Read);
        access.MapGet("/effective", (AccessService s, string? subject, string? asOf, CancellationToken ct) => s.Effective(subject, asOf, ct))
            .RequireAuthorization(Policies.Read);
    }
}
