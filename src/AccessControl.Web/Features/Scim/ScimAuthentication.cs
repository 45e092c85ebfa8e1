using System.Security.Claims;
using System.Text.Encodings.Web;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Provisioning;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Scim;

/// <summary>
/// The "Scim" scheme: <c>Authorization: Bearer scim_...</c> of an enabled, unrevoked provisioning connection, and nothing
/// else (no cookie, no other token). The principal names the connection, its organization and the audit actor
/// <c>scim:&lt;connection&gt;</c>. Failures answer 401 as a SCIM error.
/// </summary>
public sealed class ScimAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AccessControlDbContext> dbs, ProvisioningTokenCache tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Scim";
    public const string Policy = Auth.Policies.Scim;
    public const string ConnectionClaim = "ac:scim-connection";
    public const string OrganizationClaim = "ac:scim-org";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header[7..].Trim();
        if (token.Length == 0) return AuthenticateResult.Fail("empty token");
        var hash = ProvisioningTokens.Hash(token);
        var c = await tokens.GetAsync(hash, async () =>
        {
            await using var db = await dbs.CreateDbContextAsync(Context.RequestAborted);
            return await db.ProvisioningConnections.AsNoTracking()
                .Where(x => x.TokenHash == hash && x.Enabled && x.RevokedAt == null)
                .Select(x => new ProvisioningCaller(x.Id, x.Name, x.OrganizationId)).FirstOrDefaultAsync(Context.RequestAborted);
        });
        if (c is null) return AuthenticateResult.Fail("unknown, disabled or revoked token");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"scim:{c.Name}"),
            new Claim(AccessControlClaims.Actor, $"scim:{c.Name}"),
            new Claim(ConnectionClaim, c.Id.ToString()),
            new Claim(OrganizationClaim, c.OrganizationId.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"scim\"";
        return ScimError.WriteAsync(Context, 401, null,
            "Authenticate with 'Authorization: Bearer <token>' using the token of an enabled provisioning connection.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ScimError.WriteAsync(Context, 403, null, "This provisioning connection may not do that.");
}

/// <summary>The provisioning connection calling /scim/v2.</summary>
public sealed record ScimCaller(Guid ConnectionId, Guid OrganizationId, string Actor)
{
    public static ScimCaller From(HttpContext http)
    {
        var u = http.User;
        return new ScimCaller(Guid.Parse(u.FindFirstValue(ScimAuthenticationHandler.ConnectionClaim)!),
            Guid.Parse(u.FindFirstValue(ScimAuthenticationHandler.OrganizationClaim)!), u.FindFirstValue(AccessControlClaims.Actor)!);
    }
}
