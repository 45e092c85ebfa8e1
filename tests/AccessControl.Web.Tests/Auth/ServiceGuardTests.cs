using System.Security.Claims;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Roles;
using AccessControl.Web.Features.Users;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Auth;

/// <summary>
/// Pages call the feature services directly, without an endpoint's policy in front: the services refuse by themselves
/// what only Administrators may do, for the person a Blazor circuit hands to <see cref="CurrentActor"/>.
/// </summary>
public abstract class ServiceGuardTests(ApiFixture app)
{
    private static ClaimsPrincipal Person(string userName, string appRole) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, $"user:{userName}"), new Claim(AccessControlClaims.Actor, $"user:{userName}"),
        new Claim(AccessControlClaims.UserName, userName), new Claim(ClaimTypes.Role, appRole),
    ], "test", ClaimTypes.Name, ClaimTypes.Role));

    private AsyncServiceScope ScopeFor(ClaimsPrincipal person)
    {
        var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().SetCircuitUser(person);
        return scope;
    }

    [Theory]
    [InlineData(AppRoles.Auditor)]
    [InlineData(AppRoles.Viewer)]
    public async Task A_circuit_person_without_the_Administrator_role_cannot_change_users_roles_or_collections(string appRole)
    {
        await using var scope = ScopeFor(Person("omar", appRole));
        var userName = ApiFixture.Unique("guarded");
        var services = scope.ServiceProvider;

        var e = await Assert.ThrowsAsync<ForbiddenException>(() =>
            services.GetRequiredService<UserService>().CreateAsync(new CreateUserRequest(userName), default));
        Assert.Contains("Only Administrators may create users", e.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            services.GetRequiredService<RoleService>().CreateAsync(new RoleRequest(userName, null, ["container.view"]), default));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            services.GetRequiredService<CollectionService>().CreateAsync(new CreateCollectionRequest($"/Shared/{userName}"), default));

        await using var db = await services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == userName));
        Assert.False(await db.Roles.AnyAsync(r => r.Name == userName));
        Assert.False(await db.Collections.AnyAsync(c => c.Name == userName));
    }

    [Fact]
    public async Task A_circuit_Administrator_changes_and_the_audit_log_names_the_person()
    {
        await using var scope = ScopeFor(Person("admin", AppRoles.Administrator));
        var userName = ApiFixture.Unique("made-in-circuit");
        var user = await scope.ServiceProvider.GetRequiredService<UserService>().CreateAsync(new CreateUserRequest(userName), default);

        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AccessControlDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.Where(a => a.EntityType == "User" && a.EntityKey == user.Id.ToString()).SingleAsync();
        Assert.Equal("user:admin", entry.Actor);
    }
}

[Trait("Database", "Sqlite")]
public sealed class ServiceGuardTestsOnSqlite(SqliteApiFixture app) : ServiceGuardTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ServiceGuardTestsOnPostgres(PostgresApiFixture app) : ServiceGuardTests(app), IClassFixture<PostgresApiFixture>;
