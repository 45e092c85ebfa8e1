using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AccessControl.Testing;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Auth;

/// <summary>
/// The app configured for a generic OpenID Connect provider (AzureAd:Authority = the test provider) on a fresh
/// database, accepting the provider's JWT access tokens for the audience api://accesscontrol.
/// </summary>
public abstract class IdpApiFixture : OidcProviderFixture
{
    private WebApplicationFactory<Program>? factory;
    private TestDatabase? database;
    public abstract string Provider { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        database = TestDatabase.Create(Provider);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in new Dictionary<string, string?>
                     {
                         ["Database:Provider"] = Provider,
                         [$"ConnectionStrings:{Provider}"] = database.ConnectionString,
                         ["Database:MigrateAtStartup"] = "true",
                         ["Database:SeedDemo"] = "false",
                         ["AzureAd:Authority"] = Authority,
                         ["AzureAd:ClientId"] = WebClientId,
                         ["AzureAd:ClientSecret"] = Secret,
                         ["AzureAd:Audience"] = Audience,
                     })
                b.UseSetting(key, value);
            // No clock skew, so the provider's one-second token is expired two seconds later.
            b.ConfigureTestServices(s => s.PostConfigure<JwtBearerOptions>(AuthSchemes.Jwt,
                o => o.TokenValidationParameters.ClockSkew = TimeSpan.Zero));
        });
    }

    public HttpClient Client(string? bearer)
    {
        var client = factory!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public override async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class SqliteIdpApiFixture : IdpApiFixture { public override string Provider => "Sqlite"; }
public sealed class PostgresIdpApiFixture : IdpApiFixture { public override string Provider => "Postgres"; }

/// <summary>
/// People's access tokens come from the provider's authorization code flow (alice: Administrator, vic: Viewer,
/// nora: no role); audience and expiry use client-credentials tokens, whose app roles do not matter there.
/// </summary>
public abstract class IdpTokenTests(IdpApiFixture fx)
{
    private async Task<HttpClient> As(string login) => fx.Client(await fx.UserAccessTokenAsync(login));

    private async Task<HttpClient> AsClient(string apiClient, string? resource = null) =>
        fx.Client(await fx.ClientCredentialsTokenAsync(apiClient, resource));

    [Fact]
    public async Task Provider_token_of_an_Administrator_may_change_the_model()
    {
        using var client = await As("alice");
        var me = await client.GetFromJsonAsync<Me>("me", ApiFixture.Json);
        Assert.Equal([AppRoles.Administrator], me!.AppRoles);
        Assert.Equal("user:alice", me.Actor);
        var created = await client.PostAsJsonAsync("users", new { userName = ApiFixture.Unique("idp") });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Provider_token_of_a_Viewer_reads_but_cannot_change()
    {
        using var client = await As("vic");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("users")).StatusCode);
        var created = await client.PostAsJsonAsync("users", new { userName = ApiFixture.Unique("idp") });
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal("application/problem+json", created.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Provider_token_without_app_role_is_forbidden()
    {
        using var client = await As("nora");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("me")).StatusCode);
    }

    [Fact]
    public async Task Provider_token_of_a_person_inactive_in_the_model_is_refused()
    {
        using (var admin = await As("alice"))
        {
            var created = await admin.PostAsJsonAsync("users", new { userName = "ivan", active = false });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var client = await As("ivan");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("me")).StatusCode);
    }

    [Fact]
    public async Task Provider_token_for_another_audience_is_unauthorized()
    {
        using var client = await AsClient("api-admin", OidcProviderFixture.OtherAudience);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("me")).StatusCode);
    }

    [Fact]
    public async Task Expired_provider_token_is_unauthorized()
    {
        var token = await fx.ClientCredentialsTokenAsync("api-expired");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var client = fx.Client(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("me")).StatusCode);
    }

    [Fact]
    public async Task Garbage_or_tampered_bearer_token_is_unauthorized()
    {
        var token = await fx.ClientCredentialsTokenAsync("api-admin");
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";
        foreach (var bad in new[] { "not-a-jwt", tampered })
        {
            using var client = fx.Client(bad);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("me")).StatusCode);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class IdpTokenTestsOnSqlite(SqliteIdpApiFixture fx) : IdpTokenTests(fx), IClassFixture<SqliteIdpApiFixture>;

[Trait("Database", "Postgres")]
public sealed class IdpTokenTestsOnPostgres(PostgresIdpApiFixture fx) : IdpTokenTests(fx), IClassFixture<PostgresIdpApiFixture>;
