using System.Security.Claims;
using System.Text.Encodings.Web;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Tokens;

/// <summary>
/// Authenticates <c>Authorization: Bearer act_...</c> by the SHA-256 of the token (looked up, so no timing side channel
/// on the secret), refuses revoked and expired tokens with a reason, and records the last use at most once a minute.
/// The token itself is never logged.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The claim with the token's id (used by rate limiting).</summary>
    public const string TokenIdClaim = "ac:token";
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(TokenService.TokenPrefix, StringComparison.Ordinal))
            return Fail("The bearer token is not an AccessControl API token (act_...) and no identity provider is configured for other bearer tokens.");

        var hash = TokenService.Hash(secret);
        await using var db = await dbs.CreateDbContextAsync(Context.RequestAborted);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is null) return Fail("The API token is not known. Create one with POST /api/v1/tokens or `token create` on the server.");
        if (token.RevokedAt is not null) return Fail($"The API token '{token.Name}' was revoked. Create a new token.");
        if (token.ExpiresAt <= now) return Fail($"The API token '{token.Name}' expired at {token.ExpiresAt:O}. Create a new token.");

        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUseResolution)
        {
            // A set-based update, not tracked: the last use is bookkeeping, not a change the audit log records.
            var before = now - LastUseResolution;
            await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt < before))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AccessControlClaims.Actor, $"token:{token.Name}"),
                new Claim(ClaimTypes.Name, $"token:{token.Name}"),
                new Claim(TokenIdClaim, token.Id.ToString()),
                new Claim(AccessControlClaims.Role, token.Role),
            ], Scheme.Name, ClaimTypes.Name, AccessControlClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private static AuthenticateResult Fail(string reason) => AuthenticateResult.Fail(new ApiTokenRejectedException(reason));

    // API paths get their 401/403 problem from AuthProblems; elsewhere a plain status.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>Why an API token was refused; its message is safe to show to the caller (it never contains the token).</summary>
public sealed class ApiTokenRejectedException(string message) : Exception(message);
