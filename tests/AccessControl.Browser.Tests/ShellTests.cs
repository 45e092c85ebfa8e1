using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>The console's frame: navigation, the global search, the theme switch.</summary>
public sealed class ShellTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Global_search_finds_a_demo_user_and_jumps_to_their_page()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(page);
        var search = page.GetByTestId("global-search");
        await search.FillAsync("omar");
        var option = page.GetByRole(AriaRole.Option).Filter(new() { HasText = "omar.haddad" }).First;
        await Assertions.Expect(option).ToBeVisibleAsync();
        await option.ClickAsync();
        // The router navigates inside the page (no load event): poll the address rather than wait for a navigation.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/users/omar\\.haddad(%40|@)orcabank\\.example$"),
            new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task The_theme_switch_turns_the_console_dark_and_the_choice_survives_a_reload()
    {
        const string Background = "() => getComputedStyle(document.body).backgroundColor";
        var page = await app.SignInAsync("alice");
        await page.EvaluateAsync("() => localStorage.removeItem('accesscontrol.theme')");
        await page.ReloadAsync();
        await PageChecks.WaitForInteractiveAsync(page);
        var light = await page.EvaluateAsync<string>(Background);

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForFunctionAsync($"b => ({Background})() !== b", light);
        var dark = await page.EvaluateAsync<string>(Background);
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => localStorage.getItem('accesscontrol.theme')"));

        await page.ReloadAsync();
        await page.WaitForFunctionAsync($"b => ({Background})() === b", dark);
    }

    [Fact]
    public async Task The_Auditor_sees_reports_and_the_audit_log_in_the_navigation_the_Viewer_does_not()
    {
        var auditor = await app.SignInAsync("audrey");
        await Assertions.Expect(auditor.GetByTestId("nav").GetByText("Reports")).ToBeVisibleAsync();
        await Assertions.Expect(auditor.GetByTestId("nav").GetByText("Audit log")).ToBeVisibleAsync();
        var viewer = await app.SignInAsync("vic");
        await Assertions.Expect(viewer.GetByTestId("nav").GetByText("Grants")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByTestId("nav").GetByText("Reports")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_shell_has_no_serious_accessibility_violations_in_either_theme()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(page);
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.Mouse.MoveAsync(600, 500); // away from the button, so its tooltip closes
        await page.WaitForFunctionAsync("() => localStorage.getItem('accesscontrol.theme') === 'dark'");
        await page.WaitForTimeoutAsync(500); // colour transitions settle before axe measures contrast
        await PageChecks.ExpectAccessibleAsync(page);
    }
}
