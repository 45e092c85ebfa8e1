using AccessControl.Web.Features.Auth;
namespace AccessControl.Web.Features.Access;

public static class AccessEndpoints
{
    public static void MapAccess(this IEndpointRouteBuilder api)
    {
        var access = api.MapGroup("/access").WithTags("Decisions");
        access.MapPost("/check", (AccessService s, CheckRequest? body, string? asOf, CancellationToken ct) => s.Check(body, asOf, ct))
            .RequireAuthorization(Policies.Read);
        access.MapPost("/check-batch", (AccessService s, CheckBatchRequest? body, string? asOf, CancellationToken ct) => s.CheckBatch(body, asOf, ct))
            .RequireAuthorization(Policies.Read);
        access.MapGet("/who-can", (AccessService s, string? permission, string? resource, string? asOf, CancellationToken ct) =>
            s.WhoCan(permission, resource, asOf, ct)).RequireAuthorization(Policies.Read);
        access.MapGet("/effective", (AccessService s, string? subject, string? asOf, CancellationToken ct) => s.Effective(subject, asOf, ct))
            .RequireAuthorization(Policies.Read);
    }
}
