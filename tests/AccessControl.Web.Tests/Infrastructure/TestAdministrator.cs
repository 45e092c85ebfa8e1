using System.Security.Claims;
using AccessControl.Web.Features.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Infrastructure;

/// <summary>
/// Stand-in until real authentication reaches this branch (auth's fixture signs the default client in with an
/// Administrator token, and replaces this): a request carrying <see cref="Header"/> runs as an Administrator named
/// "api", the audit name the API tests were written against. Only the fixture's client sends it; in the test host only.
/// </summary>
public static class TestAdministrator
{
    public const string Header = "X-Test-Administrator";

    public static void Add(IServiceCollection services) => services.AddSingleton<IStartupFilter, Filter>();

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (http.Request.Headers.ContainsKey(Header) && http.User.Identity?.IsAuthenticated != true)
                    http.User = new ClaimsPrincipal(new ClaimsIdentity(
                        [new Claim(AccessControlClaims.Actor, "api"), new Claim(AccessControlClaims.Role, AppRoles.Administrator)], "Test"));
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
