using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>The Settings area: model settings (with a conflict between two admins), API tokens, app roles, provisioning connections.</summary>
public sealed class SettingsTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_token_created_in_the_console_is_shown_once_works_against_the_API_and_fails_once_revoked()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/settings/tokens");
        await PageChecks.ExpectAccessibleAsync(page);
        await page.GetByTestId("new-token").ClickAsync();
        await page.GetByTestId("token-name").FillAsync("browser-ci");
        await PickAsync(page, "token-role", "Auditor");
        await page.WaitForFunctionAsync(@"() => { const e = document.querySelector('[data-testid=token-role]'); const root = e.closest('.mud-select') ?? e;
            return root.innerText.includes('Auditor') || [...root.querySelectorAll('input')].some(i => i.value === 'Auditor'); }");
        await page.GetByTestId("token-create").ClickAsync();

        await Assertions.Expect(page.GetByTestId("secret-once-note")).ToContainTextAsync("you will not see it again");
        var secret = await InputValueAsync(page, "secret-value");
        Assert.StartsWith("act_", secret);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "tokens", fullPage: false);

        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/api/v1/audit?limit=1", secret)); // Audit policy: the Auditor role works
        Assert.Equal(HttpStatusCode.Forbidden, await GetStatusAsync("/api/v1/tokens", secret)); // and is only the Auditor role

        await page.GetByTestId("secret-done").ClickAsync();
        await page.ReloadAsync();
        await PageChecks.WaitForInteractiveAsync(page);
        var row = page.Locator("tr", new() { Has = page.GetByText("browser-ci", new() { Exact = true }) });
        await Assertions.Expect(row.GetByTestId("token-status")).ToContainTextAsync("active");
        await Assertions.Expect(row.GetByTestId("token-last-used")).Not.ToHaveTextAsync("never"); // the use was recorded
        Assert.DoesNotContain(secret, await page.ContentAsync()); // shown once: never again

        // A second active token with the same name is refused; the dialog comes back with the input and the reason.
        await page.GetByTestId("new-token").ClickAsync();
        await page.GetByTestId("token-name").FillAsync("browser-ci");
        await page.GetByTestId("token-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("create-token-dialog")).ToContainTextAsync("An active token named 'browser-ci' exists");
        await Assertions.Expect(page.GetByTestId("token-name")).ToHaveValueAsync("browser-ci");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await page.GetByTestId("revoke-browser-ci").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Assertions.Expect(row.GetByTestId("token-status")).ToContainTextAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync("/api/v1/audit?limit=1", secret));
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task An_Administrator_assigns_the_Auditor_app_role_to_a_demo_user()
    {
        const string User = "sarah.chen@orcabank.example";
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/settings/app-roles");
        await page.GetByTestId("assign-roles").ClickAsync();
        await page.GetByTestId("approle-user").FillAsync("sarah");
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = User }).First.ClickAsync();
        await page.GetByTestId("approle-Auditor").ClickAsync();
        await page.GetByTestId("approle-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("roles-" + User)).ToHaveTextAsync("Auditor");
        var stored = await page.EvaluateAsync<JsonElement>("async () => await (await fetch('/api/v1/app-roles')).json()");
        var sarah = stored.EnumerateArray().Single(a => a.GetProperty("userName").GetString() == User);
        Assert.Equal(["Auditor"], sarah.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task A_provisioning_connection_token_provisions_a_user_and_the_status_page_shows_the_requests_and_the_user()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/settings/provisioning");
        await page.GetByTestId("new-connection").ClickAsync();
        await page.GetByTestId("connection-name").FillAsync("entra");
        await page.GetByTestId("connection-org").FillAsync("engineering");
        await page.GetByTestId("connection-create").ClickAsync();
        var token = await InputValueAsync(page, "secret-value");
        var scimUrl = await InputValueAsync(page, "secret-scim-url");
        Assert.Equal(app.AppUrl + "/scim/v2", scimUrl);
        await page.GetByTestId("secret-done").ClickAsync();

        const string Body = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jane.doe@engineering.example","active":true,"name":{"givenName":"Jane","familyName":"Doe"}}""";
        Assert.Equal(HttpStatusCode.Created, await ScimPostAsync(scimUrl + "/Users", token, Body));
        Assert.Equal(HttpStatusCode.Conflict, await ScimPostAsync(scimUrl + "/Users", token, Body)); // the same user again: an error to count
        Assert.Equal(HttpStatusCode.Created, await ScimPostAsync(scimUrl + "/Groups", token,
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"platform"}"""));

        await page.ReloadAsync();
        await PageChecks.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("errors-entra")).ToHaveTextAsync("1");
        await PageChecks.ExpectAccessibleAsync(page);
        await page.GetByTestId("connection-entra").ClickAsync();
        await Assertions.Expect(page.GetByTestId("connection-log")).ToContainTextAsync("/scim/v2/Users");
        var log = page.GetByTestId("connection-log").Locator("tbody tr");
        await Assertions.Expect(log).ToHaveCountAsync(3);
        await Assertions.Expect(log.Nth(2)).ToContainTextAsync("POST");
        await Assertions.Expect(log.Nth(2)).ToContainTextAsync("201");
        await Assertions.Expect(log.Nth(1)).ToContainTextAsync("409");
        await Assertions.Expect(log.Nth(0)).ToContainTextAsync("/scim/v2/Groups");
        await Assertions.Expect(page.GetByTestId("connection-errors")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("connection-users").GetByRole(AriaRole.Link, new() { Name = "jane.doe@engineering.example" }))
            .ToHaveAttributeAsync("href", "/users/jane.doe%40engineering.example");
        await Assertions.Expect(page.GetByTestId("connection-teams").GetByRole(AriaRole.Link, new() { Name = "engineering/platform" }))
            .ToHaveAttributeAsync("href", "/orgs/engineering/teams/platform");
        await Assertions.Expect(page.GetByTestId("connection-chart").Locator("svg")).ToBeVisibleAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "provisioning");

        // Rotated, the old token stops working and the new one (shown once) works.
        await page.GetByTestId("rotate-entra").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        var rotated = await InputValueAsync(page, "secret-value");
        await page.GetByTestId("secret-done").ClickAsync();
        Assert.NotEqual(token, rotated);
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync("/scim/v2/Users", token));
        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync("/scim/v2/Users", rotated));

        // Disabled, the token is refused.
        await page.GetByTestId("enabled-entra").ClickAsync();
        await Assertions.Expect(page.GetByTestId("enabled-entra")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByText("is disabled")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync("/scim/v2/Users", rotated));
    }

    [Fact]
    public async Task The_second_Administrators_stale_save_gets_a_conflict_and_keeps_their_input()
    {
        var first = await app.SignInAsync("alice");
        var second = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(first, app.AppUrl + "/settings");
        await PageChecks.GoToAsync(second, app.AppUrl + "/settings");
        await PageChecks.ExpectAccessibleAsync(first);
        await PageChecks.SaveScreenshotAsync(first, "settings");

        await PickAsync(first, "setting-default-org", "orcabank", type: "orca");
        await first.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(first.GetByText("Settings saved")).ToBeVisibleAsync();

        await PickAsync(second, "setting-default-role", "View Only", type: "view");
        await second.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(second.GetByTestId("settings-conflict")).ToContainTextAsync("Someone else changed the settings");
        await Assertions.Expect(second.GetByTestId("setting-default-role")).ToHaveValueAsync("View Only"); // their input is kept
        await PageChecks.ExpectNoErrorUiAsync(second);

        var saved = await first.EvaluateAsync<JsonElement>("async () => await (await fetch('/api/v1/settings')).json()");
        Assert.Equal("orcabank", saved.GetProperty("defaultOrganization").GetString());
        Assert.Equal("restrictedcontrol", saved.GetProperty("defaultNewUserRole").GetString()); // the stale save changed nothing

        await second.GetByTestId("settings-reload").ClickAsync();
        await Assertions.Expect(second.GetByTestId("setting-default-org")).ToHaveValueAsync("orcabank");
        await PickAsync(second, "setting-default-role", "View Only", type: "view");
        await second.GetByTestId("settings-save").ClickAsync();
        await Assertions.Expect(second.GetByText("Settings saved")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_Auditor_sees_the_model_settings_read_only_and_neither_the_admin_sections_nor_the_server_let_her_in()
    {
        var page = await app.SignInAsync("audrey");
        await PageChecks.GoToAsync(page, app.AppUrl + "/settings");
        await Assertions.Expect(page.GetByTestId("setting-default-org")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("settings-save")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("settings-nav-tokens")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("settings-nav-provisioning")).ToHaveCountAsync(0);
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);

        foreach (var path in new[] { "/settings/tokens", "/settings/app-roles", "/settings/provisioning", "/settings/provisioning/00000000-0000-0000-0000-000000000001" })
        {
            await page.GotoAsync(app.AppUrl + path);
            Assert.StartsWith(app.AppUrl + "/access-denied", page.Url);
            await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Your app role does not open this page");
        }

        foreach (var (method, path, body) in new[]
                 {
                     ("PUT", "/api/v1/settings", """{"defaultNewUserRole":"viewonly","defaultOrganization":"orcabank"}"""),
                     ("POST", "/api/v1/tokens", """{"name":"audrey","role":"Administrator","expiresInDays":1}"""),
                     ("PUT", "/api/v1/app-roles/audrey", """{"roles":["Administrator"]}"""),
                     ("POST", "/api/v1/provisioning/connections", """{"name":"audrey","organization":"audrey"}"""),
                     ("GET", "/api/v1/provisioning/connections", null),
                 })
        {
            var status = await page.EvaluateAsync<int>(@"async ([method, path, body]) => (await fetch(path, {
                method, headers: { 'content-type': 'application/json' }, body: body ?? undefined })).status", new object?[] { method, path, body });
            Assert.True(status == 403, $"{method} {path}: {status}");
        }
    }

    /// <summary>Types into a MudSelect or autocomplete (found by its test id) and picks the option with this text.</summary>
    private static async Task PickAsync(IPage page, string testId, string option, string? type = null)
    {
        var field = page.GetByTestId(testId);
        if (type is null) await field.ClickAsync();
        else await field.FillAsync(type);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First.ClickAsync();
    }

    private static Task<string> InputValueAsync(IPage page, string testId) =>
        page.GetByTestId(testId).EvaluateAsync<string>("e => (e.tagName === 'INPUT' ? e : e.querySelector('input')).value");

    private async Task<HttpStatusCode> GetStatusAsync(string path, string bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, app.AppUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> ScimPostAsync(string url, string bearer, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/scim+json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }
}
