using System.Net;
using System.Net.Http.Headers;
using AccessControl.Web.Features.Provisioning;
using AccessControl.Web.Tests.Hosting;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Scim;

/// <summary>
/// Tokens are cached per instance; a change of the connection made through one instance stops the token on the other
/// as soon as PostgreSQL delivers the notification that commits with the change (milliseconds), well before the cache's
/// lifetime would. (On the instance that made the change it stops at once: ScimProtocolTests.)
/// </summary>
[Trait("Database", "Postgres")]
public sealed class ScimTokenCacheTests(TwoInstancesFixture app) : IClassFixture<TwoInstancesFixture>
{
    /// <summary>A bound on waiting for the other instance to listen, not a speed requirement.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private async Task ListeningAsync(IServiceProvider instance)
    {
        var cache = instance.GetRequiredService<ProvisioningTokenCache>();
        var until = DateTime.UtcNow + Patience;
        while (!cache.Active && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.True(cache.Active, "the instance never started listening for connection changes");
    }

    /// <summary>Asks until the answer has that status or <see cref="Patience"/> (far below the cache lifetime) runs out.</summary>
    private static async Task<HttpResponseMessage> Soon(Func<Task<HttpResponseMessage>> ask, HttpStatusCode status)
    {
        Assert.True(Patience < ProvisioningTokenCache.Lifetime / 2);
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var response = await ask();
            if (response.StatusCode == status || DateTime.UtcNow > until) return response;
            await Task.Delay(20);
        }
    }

    /// <summary>GET /scim/v2/Users on instance B with a provisioning token (it replaces B's API token for this request).</summary>
    private Task<HttpResponseMessage> UsersOnB(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/scim/v2/Users?count=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.B.SendAsync(request);
    }

    [Fact]
    public async Task Disabling_rotating_and_revoking_on_one_instance_stop_the_cached_token_on_the_other_at_once()
    {
        await ListeningAsync(app.ServicesB);
        var created = await (await app.A.PostJson("provisioning/connections", new { name = ApiFixture.Unique("idp"), organization = ApiFixture.Unique("org") }))
            .Expect(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        var token = created.GetProperty("token").GetString()!;
        // B caches the token: it answers without the database from here on.
        await (await UsersOnB(token)).Scim(HttpStatusCode.OK);
        await (await UsersOnB(token)).Scim(HttpStatusCode.OK);

        await (await app.A.PatchJson($"provisioning/connections/{id}", new { enabled = false })).Expect(HttpStatusCode.OK);
        await (await Soon(() => UsersOnB(token), HttpStatusCode.Unauthorized)).ScimError(HttpStatusCode.Unauthorized);
        await (await app.A.PatchJson($"provisioning/connections/{id}", new { enabled = true })).Expect(HttpStatusCode.OK);
        await (await UsersOnB(token)).Scim(HttpStatusCode.OK); // not cached while disabled: read from the database

        var rotated = await (await app.A.PostJson($"provisioning/connections/{id}/rotate", new { })).Expect(HttpStatusCode.OK);
        await (await Soon(() => UsersOnB(token), HttpStatusCode.Unauthorized)).ScimError(HttpStatusCode.Unauthorized);
        var newToken = rotated.GetProperty("token").GetString()!;
        await (await UsersOnB(newToken)).Scim(HttpStatusCode.OK);

        await (await app.A.Delete($"provisioning/connections/{id}")).Expect(HttpStatusCode.NoContent);
        await (await Soon(() => UsersOnB(newToken), HttpStatusCode.Unauthorized)).ScimError(HttpStatusCode.Unauthorized);
    }
}
