using AccessControl.Web.Features.Auth;
namespace AccessControl.Web.Features.Access;

public static class AccessEndpoints
{
    public static void MapAccess(this IEndpointRouteBuilder api)
    {
        var access = api.MapGroup("/access").WithTags("Decisions");
        access.MapPost("/check", (AccessService s, CheckRequest? body) => s.Check(body)).RequireAuthorization(Policies.Read);
        access.MapPost("/check-batch", (AccessService s, CheckBatchRequest? body) => s.CheckBatch(body)).RequireAuthorization(Policies.Read);
        access.MapGet("/who-can", (AccessService s, string? permission, string? resource) => s.WhoCan(permission, resource)).RequireAuthorization(Policies.Read);
        access.MapGet("/effective", (AccessService s, string? subject) => s.Effective(subject)).RequireAuthorization(Policies.Read);
    }
}
