using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>Users, organizations, teams and service accounts in the console, checked through the API.</summary>
public sealed class SubjectsTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static Task<int> StatusAsync(IPage page, string path, string method = "GET", string? body = null) =>
        page.EvaluateAsync<int>(@"async ([path, method, body]) => (await fetch(path, { method,
            headers: { 'content-type': 'application/json' }, body: body ?? undefined })).status", new[] { path, method, body });

    private static Task<string> JsonAsync(IPage page, string path, string expression) =>
        page.EvaluateAsync<string>($"async path => {{ const it = await (await fetch(path)).json(); return String({expression}); }}", path);

    /// <summary>Signs <paramref name="login"/> in and opens <paramref name="path"/>, ready for clicks.</summary>
    private async Task<IPage> OpenAsync(string login, string path)
    {
        var page = await app.SignInAsync(login);
        await PageChecks.GoToAsync(page, app.AppUrl + path);
        return page;
    }

    /// <summary>Opens the name dialog with <paramref name="button"/>, types <paramref name="name"/> and submits it.</summary>
    private static async Task SubmitNameAsync(IPage page, string button, string name)
    {
        await page.GetByTestId(button).ClickAsync();
        await page.GetByTestId("name-input").FillAsync(name);
        await page.GetByTestId("name-submit").ClickAsync();
    }

    private static ILocator Dialog(IPage page) => page.Locator(".mud-dialog");

    private static async Task ConfirmAsync(IPage page, string button) =>
        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    [Fact]
    public async Task An_admin_deletes_a_service_account_after_confirming_and_its_grants_go_with_it()
    {
        var name = Unique("ui-sa");
        var page = await OpenAsync("alice", "/service-accounts");
        Assert.Equal(201, await StatusAsync(page, "/api/v1/service-accounts", "POST", $"{{\"namespace\":\"payments\",\"name\":\"{name}\"}}"));
        var subject = $"serviceaccount:payments/{name}";
        foreach (var resource in new[] { "namespace:payments", "collection:/prod/payments" })
            Assert.Equal(201, await StatusAsync(page, "/api/v1/grants", "POST", $"{{\"subject\":\"{subject}\",\"role\":\"viewonly\",\"resource\":\"{resource}\"}}"));
        var grantIds = (await JsonAsync(page, "/api/v1/grants?subject=" + Uri.EscapeDataString(subject), "it.items.map(g => g.id).join(',')")).Split(',');
        Assert.Equal(2, grantIds.Length);

        await PageChecks.GoToAsync(page, $"{app.AppUrl}/service-accounts/payments/{name}");
        await page.GetByTestId("sa-delete").ClickAsync();
        await Assertions.Expect(Dialog(page)).ToContainTextAsync($"Delete payments/{name} and every grant to it?");
        await ConfirmAsync(page, "Cancel");
        Assert.Equal(200, await StatusAsync(page, $"/api/v1/service-accounts/payments/{name}"));

        await page.GetByTestId("sa-delete").ClickAsync();
        await ConfirmAsync(page, "Delete");
        await page.WaitForURLAsync($"{app.AppUrl}/service-accounts");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"payments/{name} deleted.");
        Assert.Equal(404, await StatusAsync(page, $"/api/v1/service-accounts/payments/{name}"));
        foreach (var id in grantIds)
            Assert.Equal(404, await StatusAsync(page, $"/api/v1/grants/{id}"));
        Assert.Equal("0", await JsonAsync(page, "/api/v1/grants?subject=" + Uri.EscapeDataString(subject), "it.total"));
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task An_admin_creates_an_org_a_team_and_a_user_and_puts_the_user_in_the_team()
    {
        var (org, team, user) = (Unique("ui-org"), Unique("ui-team"), Unique("ui.user") + "@example.test");
        var page = await OpenAsync("alice", "/orgs");
        await page.GetByTestId("org-create").ClickAsync();
        await page.GetByTestId("name-input").FillAsync("Not Valid!");
        await Assertions.Expect(Dialog(page)).ToContainTextAsync("organization name");
        await page.GetByTestId("name-input").FillAsync(org);
        await page.GetByTestId("name-submit").ClickAsync();
        await page.WaitForURLAsync($"**/orgs/{org}");

        // The same name again: the service refuses it and the dialog comes back with the input kept.
        await PageChecks.GoToAsync(page, app.AppUrl + "/orgs");
        await SubmitNameAsync(page, "org-create", org);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("already exists");
        await Assertions.Expect(page.GetByTestId("name-input")).ToHaveValueAsync(org);
        await ConfirmAsync(page, "Cancel");
        await PageChecks.GoToAsync(page, $"{app.AppUrl}/orgs/{org}");

        await SubmitNameAsync(page, "team-create", team);
        await page.WaitForURLAsync($"**/orgs/{org}/teams/{team}");

        await PageChecks.GoToAsync(page, app.AppUrl + "/users");
        await page.GetByTestId("user-create").ClickAsync();
        await page.GetByTestId("new-user-name").FillAsync(user);
        await page.GetByTestId("new-user-display-name").FillAsync("UI User");
        await page.GetByTestId("new-user-email").FillAsync("not an e-mail");
        await Assertions.Expect(Dialog(page)).ToContainTextAsync("e-mail address");
        await page.GetByTestId("new-user-email").FillAsync(user);
        await page.GetByTestId("new-user-submit").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/users/ui.user-", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("membership-org")).ToContainTextAsync("docker-datacenter");

        await PageChecks.GoToAsync(page, $"{app.AppUrl}/orgs/{org}/teams/{team}");
        await page.GetByTestId("member-picker").FillAsync(user[..12]);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = user }).First.ClickAsync();
        await page.GetByTestId("member-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("member-link").Filter(new() { HasText = user })).ToBeVisibleAsync();

        var escaped = Uri.EscapeDataString(user);
        Assert.Equal(200, await StatusAsync(page, $"/api/v1/orgs/{org}/teams/{team}/members/{escaped}"));
        Assert.Equal(200, await StatusAsync(page, $"/api/v1/orgs/{org}/members/{escaped}"));
        Assert.Equal("UI User", await JsonAsync(page, $"/api/v1/users/{escaped}", "it.displayName"));
        Assert.Equal($"{team}", await JsonAsync(page, $"/api/v1/users/{escaped}/memberships", "it.teams[0].team"));

        await PageChecks.GoToAsync(page, app.AppUrl + Web.Features.Search.Links.User(user));
        await Assertions.Expect(page.GetByTestId("membership-team")).ToContainTextAsync($"{org}/{team}");
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task Deactivating_a_user_empties_the_effective_access_and_reactivating_restores_it()
    {
        const string user = "priya.nair@orcabank.example";
        var page = await OpenAsync("alice", Web.Features.Search.Links.User(user));
        var rows = page.GetByTestId("effective-row");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        var before = await rows.CountAsync();

        // The admin flag asks first; cancelling changes nothing and the switch shows the saved flag.
        var adminSwitch = page.Locator("input[data-testid=user-admin-switch], [data-testid=user-admin-switch] input");
        await adminSwitch.ClickAsync(new() { Force = true });
        await Assertions.Expect(Dialog(page)).ToContainTextAsync("every operation on every resource set");
        await ConfirmAsync(page, "Cancel");
        await Assertions.Expect(adminSwitch).Not.ToBeCheckedAsync();
        Assert.Equal("false", await JsonAsync(page, $"/api/v1/users/{user}", "it.isAdmin"));

        await page.GetByTestId("user-deactivate").ClickAsync();
        await ConfirmAsync(page, "Deactivate");
        await Assertions.Expect(page.GetByTestId("effective-inactive")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("user-status")).ToHaveTextAsync("Inactive");
        await page.WaitForTimeoutAsync(1000); // the snackbar's fade-in and colour transitions end before axe measures contrast
        await PageChecks.ExpectAccessibleAsync(page);
        Assert.Equal("false", await JsonAsync(page, $"/api/v1/users/{user}", "it.active"));

        await page.GetByTestId("user-reactivate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("effective-inactive")).ToHaveCountAsync(0);
        await Assertions.Expect(rows).ToHaveCountAsync(before);
        Assert.Equal("true", await JsonAsync(page, $"/api/v1/users/{user}", "it.active"));
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task The_second_of_two_admins_saving_the_same_user_gets_a_conflict_and_keeps_the_input()
    {
        const string user = "kenji.sato@orcabank.example";
        var url = app.AppUrl + Web.Features.Search.Links.User(user);
        var first = await app.SignInAsync("alice");
        var second = await app.SignInAsync("ivan");
        await PageChecks.GoToAsync(first, url);
        await PageChecks.GoToAsync(second, url);

        await first.GetByTestId("user-display-name").FillAsync("Kenji (first admin)");
        await first.GetByTestId("user-save").ClickAsync();
        await Assertions.Expect(first.Locator(".mud-snackbar")).ToContainTextAsync("Saved");

        await second.GetByTestId("user-display-name").FillAsync("Kenji (second admin)");
        await second.GetByTestId("user-save").ClickAsync();
        var snackbar = second.Locator(".mud-snackbar");
        await Assertions.Expect(snackbar).ToContainTextAsync("Someone else changed it");
        await Assertions.Expect(snackbar).ToContainTextAsync("your input is kept");
        await Assertions.Expect(second.GetByTestId("user-display-name")).ToHaveValueAsync("Kenji (second admin)");
        Assert.Equal("Kenji (first admin)", await JsonAsync(second, $"/api/v1/users/{user}", "it.displayName"));

        // Reload shows their change and keeps the input; saving now writes it knowingly.
        await snackbar.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Assertions.Expect(second.GetByTestId("user-theirs")).ToContainTextAsync("Kenji (first admin)");
        await Assertions.Expect(second.GetByTestId("user-display-name")).ToHaveValueAsync("Kenji (second admin)");
        await second.GetByTestId("user-save").ClickAsync();
        await Assertions.Expect(second.GetByTestId("user-theirs")).ToHaveCountAsync(0);
        Assert.Equal("Kenji (second admin)", await JsonAsync(second, $"/api/v1/users/{user}", "it.displayName"));
        await PageChecks.ExpectNoErrorUiAsync(first);
        await PageChecks.ExpectNoErrorUiAsync(second);
    }

    [Fact]
    public async Task The_Auditor_sees_subjects_read_only_and_the_server_refuses_her_changes()
    {
        const string user = "lucas.martin@orcabank.example";
        var page = await OpenAsync("audrey", Web.Features.Search.Links.User(user));
        await Assertions.Expect(page.GetByTestId("effective-row").First).ToBeVisibleAsync();
        foreach (var action in new[] { "user-save", "user-deactivate", "user-delete" })
            await Assertions.Expect(page.GetByTestId(action)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("user-display-name")).ToHaveAttributeAsync("readonly", "");
        await Assertions.Expect(page.Locator("input[data-testid=user-admin-switch], [data-testid=user-admin-switch] input")).ToBeDisabledAsync();
        Assert.Equal(403, await StatusAsync(page, $"/api/v1/users/{user}", "PATCH", "{\"displayName\":\"audrey was here\"}"));
        Assert.Equal(403, await StatusAsync(page, "/api/v1/orgs/orcabank/teams/mobile/members/" + user, "DELETE"));
        Assert.Equal("Lucas Martin", await JsonAsync(page, $"/api/v1/users/{user}", "it.displayName"));

        await PageChecks.GoToAsync(page, app.AppUrl + "/orgs/orcabank");
        await Assertions.Expect(page.GetByTestId("member-link").First).ToBeVisibleAsync();
        foreach (var action in new[] { "team-create", "member-add", "member-remove", "org-delete" })
            await Assertions.Expect(page.GetByTestId(action)).ToHaveCountAsync(0);
        await PageChecks.GoToAsync(page, app.AppUrl + "/users");
        await Assertions.Expect(page.GetByTestId("user-link").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-create")).ToHaveCountAsync(0);
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task A_delegated_org_admin_manages_teams_and_members_of_their_org_only()
    {
        var org = Unique("delegated");
        var admin = await OpenAsync("alice", "/orgs");
        Assert.Equal(201, await StatusAsync(admin, "/api/v1/users", "POST", "{\"userName\":\"vic\"}"));
        Assert.Equal(201, await StatusAsync(admin, "/api/v1/orgs", "POST", $"{{\"name\":\"{org}\"}}"));
        Assert.Equal(201, await StatusAsync(admin, $"/api/v1/orgs/{org}/members/vic", "PUT", "{\"isAdmin\":true}"));

        var page = await OpenAsync("vic", $"/orgs/{org}"); // a Viewer in the app, an admin of this org in the model
        await Assertions.Expect(page.GetByTestId("member-add")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("member-add-admin")).ToHaveCountAsync(0); // who administers the org is the Administrators' call
        await Assertions.Expect(page.GetByTestId("org-delete")).ToHaveCountAsync(0);
        await SubmitNameAsync(page, "team-create", "oncall");
        await page.WaitForURLAsync($"**/orgs/{org}/teams/oncall");
        await Assertions.Expect(page.GetByTestId("team-delete")).ToBeVisibleAsync();
        Assert.Equal(200, await StatusAsync(page, $"/api/v1/orgs/{org}/teams/oncall"));

        await PageChecks.GoToAsync(page, app.AppUrl + "/orgs/orcabank");
        await Assertions.Expect(page.GetByTestId("team-link").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("team-create")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("member-add")).ToHaveCountAsync(0);
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Theory]
    [InlineData("/users", "users", "user-link")]
    [InlineData("/users/grace.okafor@orcabank.example", "user", "effective-row")]
    [InlineData("/orgs", "orgs", "org-link")]
    [InlineData("/orgs/orcabank", "org", "team-link")]
    [InlineData("/orgs/orcabank/teams/payments", "team", "member-link")]
    [InlineData("/service-accounts", "service-accounts", "sa-link")]
    [InlineData("/service-accounts/payments/ci-bot", null, "effective-row")]
    [InlineData("/users/admin", null, "effective-admin")]
    [InlineData("/users/nobody.here@example.test", null, "not-found")]
    [InlineData("/orgs/orcabank/teams/no-such-team", null, "not-found")]
    public async Task Subject_pages_show_demo_data_pass_axe_and_show_no_error(string path, string? screenshot, string content)
    {
        var page = await OpenAsync("alice", path);
        await Assertions.Expect(page.GetByTestId(content).First).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(400); // colour transitions settle before axe measures contrast
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        if (screenshot is null) return;
        await page.Locator("h1").EvaluateAsync("h => h.blur()"); // no focus ring from the navigation in the picture
        await PageChecks.SaveScreenshotAsync(page, screenshot);
    }
}
