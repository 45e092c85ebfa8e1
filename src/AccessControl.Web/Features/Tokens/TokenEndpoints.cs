using AccessControl.Web.Features.Auth;

namespace AccessControl.Web.Features.Tokens;

public static class TokenEndpoints
{
    public static void MapTokens(this IEndpointRouteBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("API tokens");
        tokens.MapGet("/", (TokenService s, CancellationToken ct) => s.ListAsync(ct)).RequireAuthorization(Policies.Admin);
        tokens.MapPost("/", async (TokenService s, CreateTokenRequest body, CancellationToken ct) =>
        {
            var token = await s.CreateAsync(body, ct);
            return Results.Created($"/api/v1/tokens/{token.Id}", token);
        }).RequireAuthorization(Policies.Admin);
        tokens.MapDelete("/{id:guid}", async (TokenService s, Guid id, CancellationToken ct) =>
        {
            await s.RevokeAsync(id, ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Admin);
    }
}
