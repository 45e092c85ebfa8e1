using System.Security.Claims;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.Orgs;
using AccessControl.Web.Features.Roles;
using AccessControl.Web.Features.Snapshot;
using AccessControl.Web.Features.Users;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Delegation;

/// <summary>
/// The feature services of the app under test (its database, snapshot and clock), built for a chosen caller: a person
/// (<c>ac:user</c> and app roles, as sign-in will produce) or an API token. People cannot sign in over HTTP on this
/// branch yet, so the delegation rules are tested at the service level, where they live.
/// </summary>
public sealed class Actors(ApiFixture app)
{
    private IDbContextFactory<AccessControlDbContext> Dbs => app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
    private AccessSnapshot Snapshot => app.Services.GetRequiredService<AccessSnapshot>();
    private TimeProvider Clock => app.Services.GetRequiredService<TimeProvider>();

    public static CurrentActor Person(string userName, params string[] appRoles) =>
        Principal([new Claim(AccessControlClaims.UserName, userName), new Claim(AccessControlClaims.Actor, $"user:{userName}")], appRoles);

    public static CurrentActor Token(string name, params string[] appRoles) =>
        Principal([new Claim(AccessControlClaims.Actor, $"token:{name}")], appRoles);

    public static CurrentActor Administrator => Token("setup", AppRoles.Administrator);

    private static CurrentActor Principal(IEnumerable<Claim> claims, string[] appRoles)
    {
        var identity = new ClaimsIdentity(claims.Concat(appRoles.Select(r => new Claim(AccessControlClaims.Role, r))), "Test");
        return new CurrentActor(new FixedHttpContext(new DefaultHttpContext { User = new ClaimsPrincipal(identity) }));
    }

    /// <summary>Not <see cref="HttpContextAccessor"/>: it keeps the context in one static AsyncLocal shared by every instance.</summary>
    private sealed class FixedHttpContext(HttpContext http) : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get => http; set { } }
    }

    public GrantService Grants(CurrentActor actor) => new(Dbs, actor, Clock, Snapshot);
    public TeamService Teams(CurrentActor actor) => new(Dbs, actor, Clock);
    public MembershipService Members(CurrentActor actor) => new(Dbs, actor);
    public OrgService Orgs(CurrentActor actor) => new(Dbs, actor, Clock);
    public UserService Users(CurrentActor actor) => new(Dbs, actor, Clock);
    public RoleService Roles(CurrentActor actor) => new(Dbs, actor, Clock, Snapshot);
    public CollectionService Collections(CurrentActor actor) => new(Dbs, Snapshot, actor, Clock);

    public async Task<int> CountGrantsAsync(string subject) =>
        (await Grants(Administrator).ListAsync(subject, null, null, new PageRequest(0, 500), default)).Total;
}
