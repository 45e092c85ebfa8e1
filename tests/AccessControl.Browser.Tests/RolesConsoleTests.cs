using System.Text.Json;
using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>The roles pages: the permission picker, clone, delete refused while used, the stale-save conflict, read-only for Auditors.</summary>
public sealed class RolesConsoleTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static async Task<JsonElement> ApiAsync(IPage page, string path) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>($"async () => await (await fetch('/api/v1/{path}')).text()")).RootElement;

    private static async Task<List<string>> PermissionsAsync(IPage page, string roleId) =>
        (await ApiAsync(page, $"roles/{roleId}")).GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToList();

    private static string IdFromUrl(IPage page) => page.Url[(page.Url.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task A_custom_role_made_with_the_picker_holds_exactly_the_ticked_permissions()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/new");
        var name = "Picker " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("role-name").FillAsync(name);
        await page.Locator("[data-permission='container.view']").CheckAsync();
        await page.Locator("[data-permission='container.create:privileged']").CheckAsync();
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new("^Kubernetes") }).ClickAsync();
        await page.GetByTestId("row-pods").ClickAsync();
        await page.GetByTestId("column-get").ClickAsync();
        await Assertions.Expect(page.Locator("[data-permission='kubernetes.pods.delete']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-permission='kubernetes.nodes.get']")).ToBeCheckedAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await page.GetByTestId("save-role").ClickAsync();
        await page.WaitForURLAsync(url => !url.EndsWith("/roles/new", StringComparison.Ordinal));

        var operations = (await ApiAsync(page, "operations?kind=kubernetes")).GetProperty("items").EnumerateArray().ToList();
        var expected = operations.Where(o => o.GetProperty("resource").GetString() == "pods" || o.GetProperty("action").GetString() == "get")
            .Select(o => o.GetProperty("id").GetString()!).Append("container.view").Append("container.create:privileged").Order(StringComparer.Ordinal);
        var role = await ApiAsync(page, $"roles/{IdFromUrl(page)}");
        Assert.Equal(name, role.GetProperty("name").GetString());
        Assert.Equal(expected, (await PermissionsAsync(page, IdFromUrl(page))).Order(StringComparer.Ordinal));
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task Cloning_a_built_in_role_makes_an_editable_custom_copy()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/viewonly");
        await Assertions.Expect(page.GetByTestId("save-role")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-permission='container.view']")).ToBeDisabledAsync();
        await page.GetByTestId("clone-role").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/roles/new?from=viewonly", StringComparison.Ordinal));
        await PageChecks.WaitForInteractiveAsync(page);
        var nameInput = page.GetByTestId("role-name");
        await Assertions.Expect(nameInput).ToHaveValueAsync("Copy of View Only", new() { Timeout = 20_000 }); // the shared machine can be slow
        var name = "Auditors " + Guid.NewGuid().ToString("N")[..6];
        await nameInput.FillAsync(name);
        await page.GetByTestId("save-role").ClickAsync();
        await Assertions.Expect(page.GetByText($"Role '{name}' created.")).ToBeVisibleAsync();
        await page.WaitForURLAsync(url => !url.Contains("/roles/new", StringComparison.Ordinal));

        Assert.Equal(await PermissionsAsync(page, "viewonly"), await PermissionsAsync(page, IdFromUrl(page)));
        Assert.False((await ApiAsync(page, $"roles/{IdFromUrl(page)}")).GetProperty("builtIn").GetBoolean());
    }

    [Fact]
    public async Task Deleting_a_role_that_grants_use_is_refused_and_links_those_grants()
    {
        var page = await app.SignInAsync("alice");
        var ops = await ApiAsync(page, "roles/Ops");
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/" + ops.GetProperty("id").GetString());
        await page.GetByTestId("delete-role").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();

        var alert = page.GetByTestId("role-in-use");
        var used = (await ApiAsync(page, "grants?role=" + ops.GetProperty("id").GetString())).GetProperty("total").GetInt32();
        Assert.True(used > 0);
        await Assertions.Expect(alert).ToContainTextAsync($"is used by {used} grant(s)");
        var links = alert.GetByTestId("grant-link");
        await Assertions.Expect(links).ToHaveCountAsync(Math.Min(used, 10));
        foreach (var href in await links.EvaluateAllAsync<string[]>("ls => ls.map(l => l.getAttribute('href'))"))
            Assert.Matches("^/grants/[0-9a-f-]{36}$", href);
        Assert.Equal("Ops", (await ApiAsync(page, "roles/" + ops.GetProperty("id").GetString())).GetProperty("name").GetString());
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task A_second_admin_saving_a_stale_role_gets_a_conflict_and_keeps_their_input()
    {
        var first = await app.SignInAsync("alice");
        var created = await first.EvaluateAsync<string>(@"async () => await (await fetch('/api/v1/roles', { method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'Shared ' + crypto.randomUUID().slice(0, 6), permissions: ['service.view'] }) })).text()");
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString()!;
        var second = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(first, app.AppUrl + "/roles/" + id);
        await PageChecks.GoToAsync(second, app.AppUrl + "/roles/" + id);

        await first.GetByTestId("role-description").FillAsync("first admin's description");
        await first.GetByTestId("preview-role").ClickAsync();
        await first.GetByTestId("save-role").ClickAsync();
        await Assertions.Expect(first.GetByText("saved.")).ToBeVisibleAsync();

        await second.GetByTestId("role-description").FillAsync("second admin's description");
        await second.Locator("[data-permission='service.logs']").CheckAsync();
        await second.GetByTestId("preview-role").ClickAsync();
        await second.GetByTestId("save-role").ClickAsync();

        await Assertions.Expect(second.GetByTestId("role-conflict")).ToContainTextAsync("Someone else changed the role");
        await Assertions.Expect(second.GetByTestId("role-description")).ToHaveValueAsync("second admin's description");
        await Assertions.Expect(second.Locator("[data-permission='service.logs']")).ToBeCheckedAsync();
        var stored = await ApiAsync(second, "roles/" + id);
        Assert.Equal("first admin's description", stored.GetProperty("description").GetString());
        Assert.Equal(["service.view"], stored.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        await PageChecks.ExpectNoErrorUiAsync(second);

        // Saving again after seeing the conflict overwrites deliberately.
        await second.GetByTestId("preview-role").ClickAsync();
        await second.GetByTestId("save-role").ClickAsync();
        await Assertions.Expect(second.GetByText("saved.")).ToBeVisibleAsync();
        Assert.Equal("second admin's description", (await ApiAsync(second, "roles/" + id)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_edit_preview_shows_who_gains_and_loses_what()
    {
        var page = await app.SignInAsync("alice");
        var role = await ApiAsync(page, "roles/" + Uri.EscapeDataString("View & Use Networks + Secrets"));
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/" + role.GetProperty("id").GetString());
        await page.Locator("[data-permission='network.remove']").CheckAsync();
        await page.Locator("[data-permission='secret.use']").UncheckAsync();
        await page.GetByTestId("preview-role").ClickAsync();
        await Assertions.Expect(page.GetByTestId("impact-gained")).ToContainTextAsync("network.remove");
        await Assertions.Expect(page.GetByTestId("impact-gained")).ToContainTextAsync("collection:/Shared/db/mobile");
        await Assertions.Expect(page.GetByTestId("impact-lost")).ToContainTextAsync("secret.use");
        await PageChecks.ExpectAccessibleAsync(page);
        // Nothing is saved until Save.
        Assert.Contains("secret.use", await PermissionsAsync(page, role.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Roles_pages_pass_axe_and_are_captured()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles");
        await Assertions.Expect(page.GetByTestId("role-link").Filter(new() { HasText = "Ops" })).ToBeVisibleAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "roles");

        await page.GetByTestId("role-link").Filter(new() { HasText = "Ops" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-permission='service.create']")).ToBeCheckedAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "role", fullPage: false);

        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/no-such-role");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task The_Auditor_sees_roles_read_only_and_the_server_refuses_her_edit()
    {
        var page = await app.SignInAsync("audrey");
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles");
        await Assertions.Expect(page.GetByTestId("role-link").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("new-role")).ToHaveCountAsync(0);
        var ops = await ApiAsync(page, "roles/Ops");
        var id = ops.GetProperty("id").GetString();
        await PageChecks.GoToAsync(page, app.AppUrl + "/roles/" + id);
        await Assertions.Expect(page.Locator("[data-permission='service.create']")).ToBeDisabledAsync();
        foreach (var action in new[] { "save-role", "preview-role", "delete-role", "clone-role" })
            await Assertions.Expect(page.GetByTestId(action)).ToHaveCountAsync(0);
        await PageChecks.ExpectAccessibleAsync(page);

        var status = await page.EvaluateAsync<int>($@"async () => (await fetch('/api/v1/roles/{id}', {{ method: 'PUT',
            headers: {{ 'content-type': 'application/json' }}, body: JSON.stringify({{ name: 'Ops', permissions: [] }}) }})).status");
        Assert.Equal(403, status);
        Assert.NotEmpty(await PermissionsAsync(page, id!));
    }
}
