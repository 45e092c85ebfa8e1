using AccessControl.Web.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests.Infrastructure;

/// <summary>What every console page must satisfy in the browser, and its screenshot for the README.</summary>
public static class PageChecks
{
    public static string ScreenshotsDirectory => Path.Combine(OidcProviderFixture.RepositoryRoot(), "docs", "screenshots");

    /// <summary>Saves the page to docs/screenshots/<paramref name="name"/>.png (the README shows them).</summary>
    public static async Task SaveScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotsDirectory, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Waits until the page's Blazor circuit is live (the layout marks itself), so typing and clicking reach it.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Opens a console page and waits until it is interactive.</summary>
    public static async Task GoToAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await WaitForInteractiveAsync(page);
    }

    /// <summary>axe-core finds no serious or critical violation on the page as it is now.</summary>
    public static async Task ExpectAccessibleAsync(IPage page)
    {
        // MudBlazor animates colours and floating labels (up to ~300 ms): axe measures contrast mid-transition otherwise.
        await page.WaitForTimeoutAsync(400);
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, "Accessibility violations on " + page.Url + ":\n" + string.Join("\n", bad.Select(Describe)));
    }

    private static string Describe(AxeResultItem v) =>
        $"- {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => $"{n.Target} {string.Join("; ", n.Any.Select(c => c.Message))}"))})";

    /// <summary>Blazor's "unhandled error" bar never shows, and no page shows a stack trace.</summary>
    public static async Task ExpectNoErrorUiAsync(IPage page)
    {
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync(), "Blazor's unhandled-error bar is showing on " + page.Url);
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("An unhandled error", text);
        Assert.DoesNotContain("Exception:", text);
    }
}
