using System.Net;
using System.Security.Claims;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Auth;

public abstract class AppRoleTests(ApiFixture app)
{
    private HttpClient Admin => app.Client;

    private async Task<ClaimsPrincipal> Transform(params Claim[] claims)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var transformation = scope.ServiceProvider.GetRequiredService<IClaimsTransformation>();
        return await transformation.TransformAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, "test", "name", "roles")));
    }

    private static string[] AppRolesOf(ClaimsPrincipal p) => AppRoles.All.Where(p.IsInRole).ToArray();

    [Fact]
    public async Task Assigned_app_roles_are_stored_audited_and_given_to_the_person_at_sign_in()
    {
        var user = ApiFixture.Unique("carol");
        await (await Admin.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var put = await (await Admin.PutJson($"app-roles/{user}", new { roles = new[] { "Auditor" } })).Expect(HttpStatusCode.OK);
        Assert.Equal("Auditor", put.GetProperty("roles")[0].GetString());
        var list = await (await Admin.GetAsync("app-roles")).Expect(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("userName").GetString() == user);
        var audit = await (await Admin.GetAsync("audit?action=approle.assign")).Expect(HttpStatusCode.OK);
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("actor").GetString() == $"token:{ApiFixture.AdminTokenName}");

        var person = await Transform(new Claim("preferred_username", user));
        Assert.Equal(["Auditor"], AppRolesOf(person));
        Assert.Equal($"user:{user}", person.FindFirstValue(AccessControlClaims.Actor));
        Assert.Equal(user, person.FindFirstValue(AccessControlClaims.UserName));

        await (await Admin.DeleteAsync($"app-roles/{user}")).Expect(HttpStatusCode.NoContent);
        Assert.Empty(AppRolesOf(await Transform(new Claim("preferred_username", user))));
        await (await Admin.PutJson($"app-roles/{user}", new { roles = new[] { "Owner" } })).ExpectProblem(HttpStatusCode.BadRequest);
        await (await Admin.PutJson($"app-roles/{ApiFixture.Unique("ghost")}", new { roles = new[] { "Viewer" } })).ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Roles_come_from_the_roles_claim_and_unknown_role_values_are_ignored()
    {
        var person = await Transform(new Claim("preferred_username", ApiFixture.Unique("ext")), new Claim("roles", "Viewer"), new Claim("roles", "Owner"));
        Assert.Equal(["Viewer"], AppRolesOf(person));
        Assert.False(person.HasClaim("roles", "Owner"));
    }

    [Fact]
    public async Task An_inactive_model_user_gets_no_role_and_is_refused()
    {
        var user = ApiFixture.Unique("gone");
        await (await Admin.PostJson("users", new { userName = user, active = false })).Expect(HttpStatusCode.Created);
        await (await Admin.PutJson($"app-roles/{user}", new { roles = new[] { "Administrator" } })).Expect(HttpStatusCode.OK);
        var person = await Transform(new Claim("preferred_username", user), new Claim("roles", "Administrator"));
        Assert.Empty(AppRolesOf(person));

        await using var scope = app.Services.CreateAsyncScope();
        var access = await scope.ServiceProvider.GetRequiredService<PersonAccess>().ResolveAsync(person);
        Assert.False(access.Allowed);
        Assert.Contains("inactive", access.Refusal);
    }
}

[Trait("Database", "Sqlite")]
public sealed class AppRoleTestsOnSqlite(SqliteApiFixture app) : AppRoleTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class AppRoleTestsOnPostgres(PostgresApiFixture app) : AppRoleTests(app), IClassFixture<PostgresApiFixture>;

/// <summary>Group mappings and bootstrap administrators come from configuration.</summary>
[Trait("Database", "Sqlite")]
public sealed class ConfiguredAppRoleTests(ConfiguredAppRoleTests.Fixture app) : IClassFixture<ConfiguredAppRoleTests.Fixture>
{
    public sealed class Fixture : SqliteApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("AppRoles:GroupMappings:0b5c-auditors", "Auditor"),
            new("Bootstrap:Administrators:0", "boss@example.com"),
        ];
    }

    private async Task<string[]> RolesOf(params Claim[] claims)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<IClaimsTransformation>()
            .TransformAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));
        return AppRoles.All.Where(principal.IsInRole).ToArray();
    }

    [Fact]
    public async Task A_mapped_group_gives_its_role_and_a_bootstrap_administrator_is_an_administrator()
    {
        Assert.Equal(["Auditor"], await RolesOf(new Claim("preferred_username", "someone"), new Claim("groups", "0b5c-auditors"), new Claim("groups", "other")));
        Assert.Equal(["Administrator"], await RolesOf(new Claim("email", "Boss@example.com")));
        Assert.Empty(await RolesOf(new Claim("preferred_username", "nobody")));
    }
}
