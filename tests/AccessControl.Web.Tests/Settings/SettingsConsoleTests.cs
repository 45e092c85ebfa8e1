using System.Net;
using AccessControl.Data;
using AccessControl.Web.Features.AppRoleAssignments;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Provisioning;
using AccessControl.Web.Tests.Auth;
using AccessControl.Web.Tests.Infrastructure;
using AccessControl.Web.Tests.Scim;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Settings;

/// <summary>What the Settings pages rely on: their policies (the endpoint matrix then proves each role), the per-connection
/// request counts of the provisioning list, and the configured Administrators the app-roles page shows.</summary>
public abstract class SettingsConsoleTests(ApiFixture app)
{
    [Theory]
    [InlineData("/settings", Policies.Read)]
    [InlineData("/settings/tokens", Policies.Admin)]
    [InlineData("/settings/app-roles", Policies.Admin)]
    [InlineData("/settings/provisioning", Policies.Admin)]
    [InlineData("/settings/provisioning/{Id:guid}", Policies.Admin)]
    public void Settings_pages_are_endpoints_with_their_policy(string route, string policy)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var page = Assert.Single(endpoints, e => string.Equals(e.RoutePattern.RawText, route, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(policy, EndpointMatrixTests.PolicyOf(page));
    }

    [Fact]
    public async Task Connection_counts_hold_the_requests_and_the_errors_of_each_connection()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var quiet = await ScimClient.ConnectAsync(app);
        var body = new { schemas = new[] { "urn:ietf:params:scim:schemas:core:2.0:User" }, userName = ApiFixture.Unique("counted") };
        Assert.Equal(HttpStatusCode.Created, (await scim.Post("Users", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await scim.Post("Users", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scim.Get($"Users/{Guid.NewGuid()}")).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set("test");
        var counts = await scope.ServiceProvider.GetRequiredService<ProvisioningService>().CountsAsync(CancellationToken.None);
        Assert.Equal(3, counts[scim.ConnectionId].Requests);
        Assert.Equal(2, counts[scim.ConnectionId].Errors);
        Assert.False(counts.ContainsKey(quiet.ConnectionId));
    }

    [Fact]
    public async Task Connection_counts_are_refused_to_non_Administrators()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            scope.ServiceProvider.GetRequiredService<ProvisioningService>().CountsAsync(CancellationToken.None));
    }

    [Fact]
    public void The_configured_Administrators_are_listed_for_Administrators_only()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bootstrap:Administrators:0"] = "root@example.test", ["Bootstrap:Administrators:1"] = "ops-lead",
        }).Build();
        var dbs = app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        var admin = new CurrentActor(new HttpContextAccessor());
        admin.Set("test");
        Assert.Equal(["root@example.test", "ops-lead"], new AppRoleService(dbs, admin, config).BootstrapAdministrators());
        Assert.Throws<ForbiddenException>(() => new AppRoleService(dbs, new CurrentActor(new HttpContextAccessor()), config).BootstrapAdministrators());
    }
}

[Trait("Database", "Sqlite")]
public sealed class SettingsConsoleTestsOnSqlite(SqliteApiFixture app) : SettingsConsoleTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class SettingsConsoleTestsOnPostgres(PostgresApiFixture app) : SettingsConsoleTests(app), IClassFixture<PostgresApiFixture>;
