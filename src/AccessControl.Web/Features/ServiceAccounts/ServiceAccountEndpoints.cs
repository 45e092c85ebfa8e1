using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.ServiceAccounts;

public static class ServiceAccountEndpoints
{
    public static void MapServiceAccounts(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/service-accounts").WithTags("Service accounts");
        accounts.MapGet("/", (ServiceAccountService s, string? @namespace, int? offset, int? limit, CancellationToken ct) =>
            s.ListAsync(@namespace, PageRequest.From(offset, limit), ct)).RequireAuthorization(Policies.Read);
        accounts.MapGet("/{namespace}/{name}", (ServiceAccountService s, string @namespace, string name, CancellationToken ct) =>
            s.GetAsync(@namespace, name, ct)).RequireAuthorization(Policies.Read);
        accounts.MapPost("/", async (ServiceAccountService s, CreateServiceAccountRequest body, CancellationToken ct) =>
        {
            var account = await s.CreateAsync(body, ct);
            return Results.Created($"/api/v1/service-accounts/{account.Namespace}/{account.Name}", account);
        }).RequireAuthorization(Policies.Admin);
        accounts.MapDelete("/{namespace}/{name}", async (ServiceAccountService s, string @namespace, string name, CancellationToken ct) =>
        {
            await s.DeleteAsync(@namespace, name, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }
}
