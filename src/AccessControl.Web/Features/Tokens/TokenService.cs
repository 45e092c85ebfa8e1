using System.Security.Cryptography;
using System.Text;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Tokens;

public sealed record CreateTokenRequest(string? Name, string? Role, int? ExpiresInDays = null, DateTimeOffset? ExpiresAt = null);
public sealed record TokenDto(Guid Id, string Name, string Role, string Prefix, string CreatedBy, DateTime CreatedAt, DateTime ExpiresAt,
    DateTime? RevokedAt, DateTime? LastUsedAt);
/// <summary>The answer to a create: the only time the secret <see cref="Token"/> is shown.</summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Role, DateTime ExpiresAt, string Token);

/// <summary>API tokens: created by an Administrator (the secret is returned once, only its SHA-256 stored), listed, revoked.</summary>
public sealed class TokenService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor, TimeProvider clock)
{
    public const string TokenPrefix = "act_";
    public const int MaxLifetimeDays = 3650;

    public async Task<CreatedTokenDto> CreateAsync(CreateTokenRequest request, CancellationToken ct)
    {
        actor.EnsureAdministrator("create API tokens");
        var now = clock.GetUtcNow().UtcDateTime;
        var v = new Validator().Require("name", request.Name).Require("role", request.Role);
        if (request.Name is { Length: > 0 } n && !TokenNames.IsToken(n))
            v.Add("name", "A token name is 1-100 letters, digits, '.', '_' or '-'.");
        if (request.Role is { Length: > 0 } r && !AppRoles.IsValid(r))
            v.Add("role", $"The role must be one of {string.Join(", ", AppRoles.All)}.");
        DateTime? expires = (request.ExpiresInDays, request.ExpiresAt) switch
        {
            (not null, not null) => Fail(v, "Give expiresInDays or expiresAt, not both."),
            (null, null) => Fail(v, "Give expiresInDays (1-3650) or expiresAt: every token expires."),
            ({ } days, null) => days is >= 1 and <= MaxLifetimeDays ? now.AddDays(days) : Fail(v, "expiresInDays must be 1-3650."),
            (null, { } at) => at.UtcDateTime > now && at.UtcDateTime <= now.AddDays(MaxLifetimeDays)
                ? at.UtcDateTime : Fail(v, "expiresAt must be in the future and at most 3650 days away."),
        };
        v.ThrowIfInvalid();
        return await CreateAsync(request.Name!, request.Role!, expires!.Value, ct);
    }

    /// <summary>Creates a token that expires at <paramref name="expiresAt"/>; the name must not be in use by an active token.</summary>
    public async Task<CreatedTokenDto> CreateAsync(string name, string role, DateTime expiresAt, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "token.create";
        if (await db.ApiTokens.AnyAsync(t => t.Name == name && t.RevokedAt == null, ct))
            throw new ConflictException($"An active token named '{name}' exists. Revoke it first or choose another name.");
        var secret = NewSecret();
        var token = new ApiToken
        {
            Id = Guid.NewGuid(), Name = name, Role = role, TokenHash = Hash(secret), Prefix = secret[TokenPrefix.Length..][..8],
            CreatedBy = actor.Name, ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new CreatedTokenDto(token.Id, token.Name, token.Role, token.ExpiresAt, secret);
    }

    public async Task<List<TokenDto>> ListAsync(CancellationToken ct)
    {
        actor.EnsureAdministrator("list API tokens");
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.CreatedAt)
            .Select(t => new TokenDto(t.Id, t.Name, t.Role, t.Prefix, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
            .ToListAsync(ct);
    }

    /// <summary>Revokes a token (idempotent: revoking a revoked token changes nothing).</summary>
    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureAdministrator("revoke API tokens");
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "token.revoke";
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct)
            ?? throw new NotFoundException($"There is no token with id {id}.");
        if (token.RevokedAt is not null) return;
        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Revokes the active token with this name (for the command line).</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken ct)
    {
        actor.EnsureAdministrator("revoke API tokens");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var id = await db.ApiTokens.Where(t => t.Name == name && t.RevokedAt == null).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        if (id is null) return false;
        await RevokeAsync(id.Value, ct);
        return true;
    }

    /// <summary><c>act_</c> + base64url of 32 random bytes (256 bits).</summary>
    public static string NewSecret() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static DateTime? Fail(Validator v, string message)
    {
        v.Add("expires", message);
        return null;
    }
}

internal static class TokenNames
{
    public static bool IsToken(string name) =>
        name.Length <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
