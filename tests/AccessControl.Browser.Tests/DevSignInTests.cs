using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>Development without an identity provider: the development sign-in lists the demo users.</summary>
public sealed class DevSignInTests(NoProviderFixture app) : IClassFixture<NoProviderFixture>
{
    private async Task<IPage> PickAsync(string person)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync(app.AppUrl + "/");
        Assert.StartsWith(app.AppUrl + "/dev-signin", page.Url);
        await Assertions.Expect(page.GetByTestId("dev-only")).ToHaveTextAsync("Development only — no password");
        await page.GetByRole(AriaRole.Button, new() { Name = person, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/dev-signin", StringComparison.Ordinal));
        return page;
    }

    [Fact]
    public async Task Demo_admin_signs_in_without_password_and_is_Administrator_by_bootstrap()
    {
        var page = await PickAsync("Platform Admin");
        await Assertions.Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Administrator");
    }

    [Fact]
    public async Task Demo_user_without_app_role_is_denied()
    {
        var page = await PickAsync("Sarah Chen");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("no app role");
    }
}
