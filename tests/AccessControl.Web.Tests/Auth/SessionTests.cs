using System.Net;
using System.Text.RegularExpressions;
using AccessControl.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AccessControl.Web.Tests.Auth;

/// <summary>The session cookie (here from the development sign-in) ends after Auth:SessionHours, active or not.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private readonly TestDatabase database = TestDatabase.Create("Sqlite");
    private WebApplicationFactory<Program> factory = null!;

    public Task InitializeAsync()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Sqlite", database.ConnectionString);
            b.UseSetting("seed", "demo");
            b.UseSetting("Bootstrap:Administrators:0", "admin");
            b.UseSetting("Auth:SessionHours", (3.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Session_expires_after_the_configured_hours_and_sign_in_is_needed_again()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/dev-signin");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var signIn = await client.PostAsync("/dev-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "admin", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("http://localhost/signin", home.Headers.Location?.ToString());
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await database.DisposeAsync();
    }
}
