using AccessControl.Browser.Tests.Infrastructure;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>Chromium signs in through the real OpenID Connect provider's login form.</summary>
public sealed class SignInTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Administrator_signs_in_and_home_shows_her_and_her_app_role()
    {
        var page = await app.SignInAsync("alice");
        await Assertions.Expect(page.GetByTestId("home-name")).ToHaveTextAsync("Alice Admin");
        await Assertions.Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Administrator");
        await Assertions.Expect(page.GetByTestId("app-role")).ToContainTextAsync("Administrator");
        var screenshots = Path.Combine(OidcProviderFixture.RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "home.png"), FullPage = true });
    }

    [Fact]
    public async Task Auditor_sees_Auditor_and_the_server_refuses_her_a_change()
    {
        var page = await app.SignInAsync("audrey");
        await Assertions.Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Auditor");
        var status = await page.EvaluateAsync<int>(@"async () => (await fetch('/api/v1/users', {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userName: 'audrey-was-here' }) })).status");
        Assert.Equal(403, status);
        var read = await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/users')).status");
        Assert.Equal(200, read);
    }

    [Fact]
    public async Task Person_without_app_role_gets_the_access_denied_page()
    {
        var page = await app.SignInAsync("nora");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("no app role");
        Assert.StartsWith(app.AppUrl + "/access-denied", page.Url);
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_home_needs_sign_in_again()
    {
        var page = await app.SignInAsync("vic");
        await Assertions.Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Viewer");
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(app.AppUrl + "/signed-out");
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();

        await page.GotoAsync(app.AppUrl + "/");
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
        Assert.StartsWith(app.Authority, page.Url);
    }
}

public sealed class UnreachableProviderTests(UnreachableProviderFixture app) : IClassFixture<UnreachableProviderFixture>
{
    [Fact]
    public async Task Unreachable_provider_shows_the_sign_in_error_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.AppUrl + "/");
        Assert.StartsWith(app.AppUrl + "/signin-error", page.Url);
        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("could not be reached");
    }
}
