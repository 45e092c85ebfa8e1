using System.Text.RegularExpressions;
using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>
/// Issue 3's acceptance: the Auditor, signed in through the OpenID Connect provider, reads every page and every report
/// and meets no editing action anywhere; every report page passes the accessibility scan.
/// </summary>
public sealed partial class AuditorReadOnlyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly string[] ConsolePages =
    [
        "/", "/grants", "/users", "/users/omar.haddad%40orcabank.example", "/orgs", "/orgs/orcabank", "/service-accounts",
        "/roles", "/roles/fullcontrol", "/collections", "/collections/shared", "/namespaces", "/audit", "/settings",
    ];

    private static readonly string[] ReportPages =
    [
        "/reports", "/reports/who-can?resource=collection%3A%2Fprod&permission=container.exec",
        "/reports/what-can?subject=user%3Aomar.haddad%40orcabank.example",
        "/reports/why-not?subject=user%3Aomar.haddad%40orcabank.example&permission=container.exec&resource=collection%3A%2Fprod",
        "/reports/matrix", "/reports/changes", "/reports/timeline?resource=collection%3A%2Fprod", "/reports/risks", "/reports/exports",
    ];

    // The words of every editing action in the console.
    [GeneratedRegex(@"^\s*(new|create|add|save|delete|remove|rename|move|clone|revoke|rotate|assign|deactivate|reactivate|edit)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EditingAction();

    /// <summary>Opens a page the Auditor may read: not refused, and no error on it.</summary>
    private async Task OpenAsync(IPage page, string path)
    {
        await PageChecks.GoToAsync(page, app.AppUrl + path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.False(page.Url.Contains("/access-denied", StringComparison.Ordinal), $"{path} refused the Auditor");
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task The_Auditor_reads_every_console_page_without_any_editing_action()
    {
        var page = await app.SignInAsync("audrey");
        foreach (var path in ConsolePages)
        {
            await OpenAsync(page, path);
            var actions = await page.Locator(".mud-main-content button:visible, .mud-main-content a.mud-button-root:visible").AllInnerTextsAsync();
            var editing = actions.Where(a => EditingAction().IsMatch(a)).ToList();
            Assert.True(editing.Count == 0, $"{path} offers the Auditor: {string.Join(", ", editing)}");
        }
    }

    [Fact]
    public async Task The_Auditor_reads_every_report_and_each_passes_the_accessibility_scan()
    {
        var page = await app.SignInAsync("audrey");
        foreach (var path in ReportPages)
        {
            await OpenAsync(page, path);
            await PageChecks.ExpectAccessibleAsync(page);
        }
    }
}
