using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>
/// The report pages on the demo data, signed in through the test OpenID Connect provider as the demo's Auditor (Omar,
/// whose Auditor role is stored in the app) or as an Administrator; each saves its screenshot for the README.
/// </summary>
public sealed class ReportPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Omar = "omar.haddad@orcabank.example";

    private async Task<IPage> Open(string path, string login = Omar)
    {
        var page = await app.SignInAsync(login, path);
        await PageChecks.WaitForInteractiveAsync(page);
        return page;
    }

    private static ILocator Answer(IPage page) => page.GetByTestId("report-answer");

    [Fact]
    public async Task The_index_lists_every_report_for_the_demo_Auditor()
    {
        var page = await Open("/reports");
        await Assertions.Expect(page.GetByTestId("report-link")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("app-role")).ToContainTextAsync("Auditor");
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "reports-index");
    }

    [Fact]
    public async Task Who_can_shows_the_holders_with_their_chains_counts_and_downloads()
    {
        var page = await Open("/reports/who-can?resource=collection%3A%2Fprod%2Fpayments&role=restrictedcontrol");
        var table = page.GetByTestId("who-can-table");
        await Assertions.Expect(table).ToContainTextAsync("grace.okafor@orcabank.example");
        await Assertions.Expect(table).ToContainTextAsync("restrictedcontrol on collection:/prod/payments (via team:orcabank/payments)");
        await Assertions.Expect(page.GetByTestId("report-question")).ToHaveTextAsync("Who can every permission of role restrictedcontrol on collection:/prod/payments?");
        await Assertions.Expect(page.GetByTestId("who-can-counts")).ToContainTextAsync("users");

        var csv = await page.GetByTestId("download-csv").GetAttributeAsync("href");
        var text = await page.EvaluateAsync<string>("async url => await (await fetch(url)).text()", csv);
        Assert.StartsWith("subject,kind,admin,grantedOn,chain,grants", text);
        Assert.Contains("user:grace.okafor@orcabank.example", text);
        await PageChecks.SaveScreenshotAsync(page, "reports-who-can");

        await page.Locator("input[data-testid=who-can-filter], [data-testid=who-can-filter] input").FillAsync("hannah");
        await page.GetByTestId("run").ClickAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Contains("filter=hannah", page.Url);
    }

    [Fact]
    public async Task What_can_marks_inherited_entries_and_compares_two_subjects()
    {
        var page = await Open("/reports/what-can?subject=user%3Agrace.okafor%40orcabank.example");
        var table = page.GetByTestId("what-can-table");
        await Assertions.Expect(table).ToContainTextAsync("collection:/prod/payments");
        await Assertions.Expect(table.GetByTestId("inherited").First).ToBeVisibleAsync();
        await PageChecks.SaveScreenshotAsync(page, "reports-what-can", fullPage: false);

        await PageChecks.GoToAsync(page, app.AppUrl + "/reports/what-can?subject=user%3Agrace.okafor%40orcabank.example&second=user%3Admitri.ivanov%40orcabank.example");
        var compare = page.GetByTestId("compare-table");
        await Assertions.Expect(compare).ToContainTextAsync("collection:/prod/payments");
        await Assertions.Expect(page.GetByTestId("compare-summary")).ToContainTextAsync("resource sets differ");
        await PageChecks.SaveScreenshotAsync(page, "reports-what-can-compare");
    }

    [Fact]
    public async Task Why_not_explains_a_denial_with_the_nearest_grants()
    {
        var page = await Open("/reports/why-not?subject=user%3Alucas.martin%40orcabank.example&permission=container.create&resource=collection%3A%2Fprod%2Fpayments");
        await Assertions.Expect(page.GetByTestId("why-not-decision")).ToContainTextAsync("No grant");
        await Assertions.Expect(page.GetByTestId("why-not-nearest")).ToContainTextAsync("Scheduler");
        await Assertions.Expect(page.GetByTestId("why-not-elsewhere")).ToContainTextAsync("collection:/prod/mobile");
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "reports-why-not");
    }

    [Fact]
    public async Task The_matrix_draws_the_heat_map_and_a_cell_explains_itself()
    {
        var page = await Open("/reports/matrix?rows=users&root=collection%3A%2Fprod");
        var image = page.GetByTestId("matrix-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=matrix-image]').naturalWidth > 300");
        var grid = page.GetByTestId("matrix-grid");
        await Assertions.Expect(grid).ToContainTextAsync("maria.garcia@orcabank.example");
        var maria = grid.Locator("tr", new() { HasText = "maria.garcia" }).GetByTestId("matrix-cell").Last;
        await maria.ClickAsync();
        var explanation = page.GetByTestId("matrix-explanation");
        await Assertions.Expect(explanation).ToContainTextAsync("Full Control");
        await Assertions.Expect(explanation).ToContainTextAsync("via team:orcabank/ops");
        await page.SetViewportSizeAsync(1280, 1700); // the whole page in one view: a full-page capture repeats the fixed app bar
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await PageChecks.SaveScreenshotAsync(page, "reports-matrix", fullPage: false);
    }

    [Fact]
    public async Task Changes_and_the_timeline_show_what_the_demo_load_granted()
    {
        var page = await Open("/reports/changes?from=2000-01-01T00%3A00%3A00Z&filter=user%3Aomar");
        var table = page.GetByTestId("changes-table");
        await Assertions.Expect(table).ToContainTextAsync("collection:/prod");
        await Assertions.Expect(table).ToContainTextAsync("demo.load");
        await PageChecks.SaveScreenshotAsync(page, "reports-changes", fullPage: false);

        await PageChecks.GoToAsync(page, app.AppUrl + "/reports/timeline?resource=collection%3A%2Fprod%2Fpayments");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Restricted Control on collection:/prod/payments via team:orcabank/payments");
        await PageChecks.SaveScreenshotAsync(page, "reports-timeline", fullPage: false);
    }

    [Fact]
    public async Task Risk_findings_link_to_their_explanation()
    {
        var page = await Open("/reports/risks");
        var table = page.GetByTestId("risk-table");
        await Assertions.Expect(table).ToContainTextAsync("dangerous-permission");
        await Assertions.Expect(page.GetByTestId("risk-counts")).ToContainTextAsync("grant-to-inactive-user");
        await PageChecks.SaveScreenshotAsync(page, "reports-risks", fullPage: false);
        await page.GetByTestId("risk-counts").GetByText("full-control-at-top").ClickAsync();
        await Assertions.Expect(table).ToContainTextAsync("team:orcabank/ops");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await table.GetByTestId("risk-explain").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/reports/what-can?subject=team%3Aorcabank%2Fops", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("what-can-table")).ToContainTextAsync("namespace:*");
    }

    [Fact]
    public async Task An_export_downloads_at_once_with_its_progress()
    {
        var page = await Open("/reports/exports", login: "alice");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-download").ClickAsync());
        Assert.Equal("acl-grants.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.StartsWith("subject,active,via,role,roleName,resource,grant", await File.ReadAllTextAsync(path));
        await Assertions.Expect(page.GetByTestId("export-progress")).ToContainTextAsync("Done");
        await PageChecks.SaveScreenshotAsync(page, "reports-exports");
    }

    [Fact]
    public async Task A_report_prints_with_its_question_and_instant_and_without_the_console()
    {
        var page = await Open("/reports/who-can?resource=collection%3A%2Fprod&permission=container.exec&asOf=2099-01-01T00%3A00%3A00Z");
        await Assertions.Expect(page.GetByTestId("who-can-table")).ToContainTextAsync("maria.garcia");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByTestId("nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("download-csv")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("report-statement")).ToContainTextAsync("Who can container.exec on collection:/prod?");
        await Assertions.Expect(page.GetByTestId("report-as-of")).ToHaveTextAsync("2099-01-01 00:00:00");
        await PageChecks.SaveScreenshotAsync(page, "reports-print");
    }

    [Fact]
    public async Task A_Viewer_cannot_open_a_report()
    {
        var page = await app.SignInAsync("vic", "/reports/who-can?resource=collection%3A%2Fprod&permission=container.exec");
        await Assertions.Expect(page.GetByTestId("who-can-table")).ToHaveCountAsync(0);
        var status = await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/reports/risks')).status");
        Assert.Equal(403, status);
    }
}
