using System.Text.Json;
using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>The dashboard, the grants pages and the audit log in Chromium, on the OrcaBank demo data.</summary>
public sealed class GrantConsoleTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static ILocator GridRows(IPage page, string grid) => page.Locator($"[data-testid={grid}] tbody tr.mud-table-row");

    private static async Task<JsonElement> FetchJsonAsync(IPage page, string url) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>($"async () => await (await fetch({JsonSerializer.Serialize(url)})).text()")).RootElement;

    private static Task<int> PostAsync(IPage page, string url, object body) =>
        page.EvaluateAsync<int>(@"async ([url, body]) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status",
            new object[] { url, JsonSerializer.Serialize(body) });

    private static async Task PickAsync(IPage page, string testId, string text, string option)
    {
        await page.GetByTestId(testId).FillAsync(text);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First.ClickAsync();
    }

    private static async Task ExpectPageIsCleanAsync(IPage page)
    {
        await page.WaitForTimeoutAsync(300); // transitions settle before axe measures contrast
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task Dashboard_shows_counts_charts_inactive_holders_and_recent_changes()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(page);
        var grants = await FetchJsonAsync(page, "/api/v1/grants?limit=1");
        await Assertions.Expect(page.GetByTestId("count-grants")).ToHaveTextAsync(grants.GetProperty("total").GetInt32().ToString("N0"));
        await Assertions.Expect(page.GetByTestId("chart-grants-per-role")).ToHaveAttributeAsync("alt", new System.Text.RegularExpressions.Regex("Restricted Control \\d+"));
        await Assertions.Expect(page.GetByTestId("chart-top-collections")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png;base64,"));
        // Eve left the company but her team's grants remain.
        await Assertions.Expect(page.GetByTestId("inactive-holders")).ToContainTextAsync("eve.former@orcabank.example");
        await Assertions.Expect(page.GetByTestId("recent-change").First).ToBeVisibleAsync();
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "dashboard");
        // Home still greets the person (the sign-in tests check it too).
        await Assertions.Expect(page.GetByTestId("home-role")).ToHaveTextAsync("Administrator");
    }

    [Fact]
    public async Task Admin_creates_a_grant_with_the_pickers_after_seeing_who_gains_what()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants/new");
        await PickAsync(page, "grant-subject", "mobile", "orcabank/mobile");
        await PickAsync(page, "grant-role", "View Only", "View Only");
        await PickAsync(page, "grant-resource", "/prod/db", "/prod/db");

        var impact = page.GetByTestId("grant-impact");
        await Assertions.Expect(impact).ToContainTextAsync("lucas.martin@orcabank.example");
        await Assertions.Expect(impact).ToContainTextAsync("priya.nair@orcabank.example");
        await Assertions.Expect(impact).ToContainTextAsync("config.view");
        await Assertions.Expect(page.GetByTestId("grant-impact-summary")).ToContainTextAsync("2 gain");
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "grant-new");

        await page.GetByTestId("grant-create").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/grants/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("reach-row")).ToHaveCountAsync(2);
        var listed = await FetchJsonAsync(page, "/api/v1/grants?subject=team:orcabank/mobile&role=viewonly&resource=collection:/prod/db");
        var grant = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("user:alice", grant.GetProperty("createdBy").GetString());
        Assert.EndsWith(grant.GetProperty("id").GetString()!, page.Url);
        await ExpectPageIsCleanAsync(page);
    }

    /// <summary>A collection of the new-grant form's tree, found by its path (names repeat: /Shared/payments, /Shared/db/payments).</summary>
    private static ILocator TreeNode(IPage page, string path) => page.Locator($"[data-testid=grant-tree] [data-path='{path}']");

    [Fact]
    public async Task Admin_picks_the_collection_by_expanding_the_tree_with_the_keyboard()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants/new");
        await PickAsync(page, "grant-subject", "security", "orcabank/security");
        await PickAsync(page, "grant-role", "View Only", "View Only");

        // Only the root's children are loaded; each expansion loads one level.
        await Assertions.Expect(TreeNode(page, "/Shared")).ToBeVisibleAsync();
        await Assertions.Expect(TreeNode(page, "/Shared/db")).ToHaveCountAsync(0);
        await TreeNode(page, "/Shared").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(TreeNode(page, "/Shared/db")).ToBeVisibleAsync();
        await Assertions.Expect(TreeNode(page, "/Shared/db/payments")).ToHaveCountAsync(0);
        await TreeNode(page, "/Shared/db").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await TreeNode(page, "/Shared/db/payments").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("grant-resource")).ToHaveValueAsync("/Shared/db/payments");
        await Assertions.Expect(TreeNode(page, "/Shared/db/payments")).ToHaveAttributeAsync("aria-pressed", "true");
        var impact = page.GetByTestId("grant-impact");
        await Assertions.Expect(impact).ToContainTextAsync("sarah.chen@orcabank.example");
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "grant-new-tree");

        await page.GetByTestId("grant-create").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/grants/[0-9a-f-]{36}$"));
        var listed = await FetchJsonAsync(page, "/api/v1/grants?subject=team:orcabank/security&role=viewonly&resource=collection:/Shared/db/payments");
        var grant = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.EndsWith(grant.GetProperty("id").GetString()!, page.Url);
    }

    [Fact]
    public async Task The_namespace_list_offers_all_namespaces_and_each_namespace()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants/new");
        await PickAsync(page, "grant-subject", "prometheus", "monitoring/prometheus");
        await PickAsync(page, "grant-role", "View Only", "View Only");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Namespaces" }).ClickAsync();
        await page.GetByTestId("grant-namespace").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option).Filter(new() { HasText = "All namespaces" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "payments" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("grant-resource")).ToHaveValueAsync("payments");
        await Assertions.Expect(page.GetByTestId("grant-create")).ToBeEnabledAsync();
        await ExpectPageIsCleanAsync(page);
    }

    [Fact]
    public async Task A_delegated_admin_manages_grants_within_their_reach_and_nothing_outside_it()
    {
        // vic is a Viewer at the provider; in the model he holds Full Control (so grant.manage) on /Shared/db only.
        var admin = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(admin);
        Assert.Equal(201, await PostAsync(admin, "/api/v1/users", new { userName = "vic" }));
        Assert.Equal(201, await PostAsync(admin, "/api/v1/grants", new { subject = "user:vic", role = "fullcontrol", resource = "collection:/Shared/db" }));
        string IdOf(JsonElement list) => list.GetProperty("items")[0].GetProperty("id").GetString()!;
        var inside = IdOf(await FetchJsonAsync(admin, "/api/v1/grants?subject=team:orcabank/db&resource=collection:/Shared/db"));
        var outside = IdOf(await FetchJsonAsync(admin, "/api/v1/grants?subject=team:orcabank/ops&resource=collection:/Shared"));

        var page = await app.SignInAsync("vic");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants");
        await Assertions.Expect(page.GetByTestId("grants-new")).ToBeVisibleAsync();
        // Row checkboxes only on the grants within his reach.
        await PickAsync(page, "filter-subject", "ops", "orcabank/ops");
        await Assertions.Expect(GridRows(page, "grants-grid").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=grants-grid] tbody input[type=checkbox]")).ToHaveCountAsync(0);
        await PageChecks.GoToAsync(page, $"{app.AppUrl}/grants/{outside}");
        await Assertions.Expect(page.GetByTestId("grant-subject")).ToContainTextAsync("team:orcabank/ops");
        await Assertions.Expect(page.GetByTestId("grant-delete")).ToHaveCountAsync(0);
        await PageChecks.GoToAsync(page, $"{app.AppUrl}/grants/{inside}");
        await Assertions.Expect(page.GetByTestId("grant-delete")).ToBeVisibleAsync();

        // Outside his reach the form refuses before saving and offers no Create; the server refuses with problem details.
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants/new");
        await PickAsync(page, "grant-subject", "mobile", "orcabank/mobile");
        await PickAsync(page, "grant-role", "View Only", "View Only");
        await TreeNode(page, "/prod").ClickAsync();
        await Assertions.Expect(page.GetByTestId("grant-refused")).ToContainTextAsync("grant.manage");
        await Assertions.Expect(page.GetByTestId("grant-create")).ToBeDisabledAsync();
        var refused = await page.EvaluateAsync<string[]>(@"async () => { const r = await fetch('/api/v1/grants', { method: 'POST',
            headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subject: 'team:orcabank/mobile', role: 'viewonly', resource: 'collection:/prod' }) });
            return [String(r.status), r.headers.get('content-type'), await r.text()]; }");
        Assert.Equal("403", refused[0]);
        Assert.StartsWith("application/problem+json", refused[1]);
        Assert.Contains("grant.manage", refused[2]);

        // Within it: picked in the tree, previewed and created through the UI.
        await TreeNode(page, "/Shared").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await TreeNode(page, "/Shared/db").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await TreeNode(page, "/Shared/db/mobile").ClickAsync();
        await Assertions.Expect(page.GetByTestId("grant-refused")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("grant-impact")).ToContainTextAsync("lucas.martin@orcabank.example");
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "grant-new-delegated");
        await page.GetByTestId("grant-create").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/grants/[0-9a-f-]{36}$"));
        var created = await FetchJsonAsync(admin, "/api/v1/grants?subject=team:orcabank/mobile&role=viewonly&resource=collection:/Shared/db/mobile");
        var grant = Assert.Single(created.GetProperty("items").EnumerateArray());
        Assert.Equal("user:vic", grant.GetProperty("createdBy").GetString());
        await Assertions.Expect(page.GetByTestId("grant-delete")).ToBeVisibleAsync();
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task The_grid_pages_sorts_and_filters_in_the_database()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants");
        var total = (await FetchJsonAsync(page, "/api/v1/grants?limit=1")).GetProperty("total").GetInt32();
        Assert.True(total > 25, $"the demo data has {total} grants, too few to page");
        await Assertions.Expect(page.GetByTestId("grants-total")).ToHaveTextAsync($"{total:N0} grants");
        await Assertions.Expect(GridRows(page, "grants-grid")).ToHaveCountAsync(25);
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "grants");

        var subjectHeader = page.Locator("[data-testid=grants-grid] th").Filter(new() { HasText = "Subject" }).Locator(".sortable-column-header");
        foreach (var descending in new[] { false, true })
        {
            await subjectHeader.ClickAsync();
            var first = (await FetchJsonAsync(page, $"/api/v1/grants?sort=subject&descending={descending}&limit=1")).GetProperty("items")[0];
            await Assertions.Expect(GridRows(page, "grants-grid").First.Locator("td").Nth(2)).ToHaveTextAsync(first.GetProperty("subject").GetString()!);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Assertions.Expect(GridRows(page, "grants-grid")).ToHaveCountAsync(Math.Min(25, total - 25));
        var page2 = (await FetchJsonAsync(page, "/api/v1/grants?sort=subject&descending=true&offset=25&limit=1")).GetProperty("items")[0];
        await Assertions.Expect(GridRows(page, "grants-grid").First.Locator("td").Nth(2)).ToHaveTextAsync(page2.GetProperty("subject").GetString()!);

        await PickAsync(page, "filter-role", "View & Use", "View & Use Networks + Secrets");
        await Assertions.Expect(page.GetByTestId("grants-total")).ToHaveTextAsync("2 grants");
        await Assertions.Expect(GridRows(page, "grants-grid")).ToHaveCountAsync(2);
        foreach (var row in await GridRows(page, "grants-grid").AllAsync())
            await Assertions.Expect(row).ToContainTextAsync("View & Use Networks + Secrets");
        await PickAsync(page, "filter-subject", "payments", "orcabank/payments");
        await Assertions.Expect(page.GetByTestId("grants-total")).ToHaveTextAsync("1 grant");
        await Assertions.Expect(GridRows(page, "grants-grid")).ToContainTextAsync("collection:/Shared/db/payments");
    }

    [Fact]
    public async Task Deleting_several_grants_asks_first_and_the_API_no_longer_has_them()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(page);
        foreach (var resource in new[] { "collection:/System", "collection:/Shared/Legacy" })
            Assert.Equal(201, await PostAsync(page, "/api/v1/grants", new { subject = "serviceaccount:monitoring/prometheus", role = "viewonly", resource }));
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants");
        await PickAsync(page, "filter-subject", "prometheus", "monitoring/prometheus");
        await Assertions.Expect(GridRows(page, "grants-grid")).ToHaveCountAsync(3);
        foreach (var resource in new[] { "collection:/System", "collection:/Shared/Legacy" })
            await GridRows(page, "grants-grid").Filter(new() { HasText = resource }).Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(page.GetByTestId("grants-delete")).ToHaveTextAsync("Delete selected (2)");

        await page.GetByTestId("grants-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete 2 grants?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal(3, (await FetchJsonAsync(page, "/api/v1/grants?subject=serviceaccount:monitoring/prometheus")).GetProperty("total").GetInt32());

        await page.GetByTestId("grants-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Deleted 2 grants.");
        var left = await FetchJsonAsync(page, "/api/v1/grants?subject=serviceaccount:monitoring/prometheus");
        Assert.Equal("namespace:*", Assert.Single(left.GetProperty("items").EnumerateArray()).GetProperty("resource").GetString());
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task A_grant_deleted_by_another_admin_meanwhile_gets_a_clear_message_not_an_error()
    {
        var first = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(first);
        Assert.Equal(201, await PostAsync(first, "/api/v1/grants", new { subject = "team:orcabank/db", role = "scheduler", resource = "collection:/System" }));
        var id = (await FetchJsonAsync(first, "/api/v1/grants?subject=team:orcabank/db&resource=collection:/System")).GetProperty("items")[0].GetProperty("id").GetString();
        await PageChecks.GoToAsync(first, $"{app.AppUrl}/grants/{id}");
        var second = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(second, $"{app.AppUrl}/grants/{id}");

        await second.GetByTestId("grant-delete").ClickAsync();
        await second.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await second.WaitForURLAsync(app.AppUrl + "/grants");
        await first.GetByTestId("grant-delete").ClickAsync();
        await first.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(first.Locator(".mud-snackbar")).ToContainTextAsync("Someone else had already deleted this grant.");
        await PageChecks.ExpectNoErrorUiAsync(first);
    }

    [Fact]
    public async Task The_audit_log_filters_by_action_and_shows_a_field_by_field_diff()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.WaitForInteractiveAsync(page);
        var status = await page.EvaluateAsync<int>(@"async () => (await fetch('/api/v1/users/sarah.chen@orcabank.example', { method: 'PATCH',
            headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Sarah Chen-Moreau' }) })).status");
        Assert.Equal(200, status);
        await PageChecks.GoToAsync(page, app.AppUrl + "/audit");
        await page.GetByTestId("audit-action").FillAsync("user.update");
        await page.GetByTestId("audit-actor").FillAsync("user:alice");
        await page.GetByTestId("audit-apply").ClickAsync();
        var rows = GridRows(page, "audit-grid");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("user.update");
        await Assertions.Expect(rows.First.GetByTestId("audit-object")).ToHaveTextAsync("user:sarah.chen@orcabank.example");

        await rows.First.Locator("button").First.ClickAsync();
        var diff = page.GetByTestId("audit-diff").First;
        var displayName = diff.GetByTestId("diff-changed").Filter(new() { HasText = "displayName" });
        await Assertions.Expect(displayName).ToContainTextAsync("Sarah Chen");
        await Assertions.Expect(displayName).ToContainTextAsync("Sarah Chen-Moreau");
        await Assertions.Expect(diff.GetByTestId("diff-same").Filter(new() { HasText = "isAdmin" })).ToHaveCountAsync(1);
        await ExpectPageIsCleanAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "audit");

        // A grant's page links to its entries: the audit log filtered by entity type and key.
        var grant = (await FetchJsonAsync(page, "/api/v1/grants?subject=team:orcabank/ops&resource=collection:/prod")).GetProperty("items")[0];
        await PageChecks.GoToAsync(page, $"{app.AppUrl}/grants/{grant.GetProperty("id").GetString()}");
        await page.GetByTestId("grant-audit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-total")).ToHaveTextAsync("1 entry, newest first");
        // Named, not keyed: the entry reads as the grant it is (the key stays in the cell's tooltip).
        await Assertions.Expect(rows.First.GetByTestId("audit-object")).ToContainTextAsync("team:orcabank/ops →");
        await Assertions.Expect(rows.First.GetByTestId("audit-object")).ToContainTextAsync("on collection:/prod");
        await Assertions.Expect(rows.First.GetByTestId("audit-object"))
            .ToHaveAttributeAsync("title", $"Grant {grant.GetProperty("id").GetString()}");
    }

    [Fact]
    public async Task The_Auditor_reads_grants_without_actions_and_the_server_refuses_her_a_grant()
    {
        var page = await app.SignInAsync("audrey");
        await PageChecks.GoToAsync(page, app.AppUrl + "/grants");
        await Assertions.Expect(GridRows(page, "grants-grid").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("grants-new")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("grants-delete")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=grants-grid] input[type=checkbox]")).ToHaveCountAsync(0);
        var status = await PostAsync(page, "/api/v1/grants", new { subject = "user:admin", role = "fullcontrol", resource = "collection:/" });
        Assert.Equal(403, status);
        Assert.Equal(403, await PostAsync(page, "/api/v1/grants/preview", new { subject = "user:admin", role = "fullcontrol", resource = "collection:/" }));

        await PageChecks.GoToAsync(page, app.AppUrl + "/grants/new");
        await Assertions.Expect(page.GetByTestId("grant-new-readonly")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("grant-create")).ToHaveCountAsync(0);
        await PageChecks.GoToAsync(page, app.AppUrl + "/audit");
        await Assertions.Expect(GridRows(page, "audit-grid").First).ToBeVisibleAsync();
        await ExpectPageIsCleanAsync(page);
    }
}
