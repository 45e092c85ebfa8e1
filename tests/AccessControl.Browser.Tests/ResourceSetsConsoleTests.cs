using System.Text.Json;
using AccessControl.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AccessControl.Browser.Tests;

/// <summary>The collection tree (create, rename, move by picker and by drag, the refused cycle), a collection's page, namespaces.</summary>
public sealed class ResourceSetsConsoleTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static async Task<(int Status, JsonElement Body)> ApiAsync(IPage page, string path)
    {
        var result = await page.EvaluateAsync<JsonElement>(
            $"async () => {{ const r = await fetch('/api/v1/{path}'); return {{ status: r.status, body: await r.text() }}; }}");
        var body = result.GetProperty("body").GetString();
        return (result.GetProperty("status").GetInt32(), string.IsNullOrEmpty(body) ? default : JsonDocument.Parse(body).RootElement);
    }

    private static async Task<string?> IdAtAsync(IPage page, string path)
    {
        var (status, body) = await ApiAsync(page, "collections/by-path?path=" + Uri.EscapeDataString(path));
        return status == 200 ? body.GetProperty("id").GetString() : null;
    }

    /// <summary>A picker's option whose label is exactly this path (options also show the kind beside it).</summary>
    private static ILocator Option(IPage page, string path) =>
        page.GetByRole(AriaRole.Option).Filter(new() { Has = page.GetByText(path, new() { Exact = true }) });

    /// <summary>Types into an autocomplete key by key once it is visible, so that its search runs on what was typed.</summary>
    private static async Task TypeInPickerAsync(IPage page, string testId, string text)
    {
        var input = page.GetByTestId(testId);
        await input.ClickAsync();
        await input.PressSequentiallyAsync(text, new() { Delay = 50 });
    }

    private static ILocator Node(IPage page, string name) => page.GetByTestId("node-" + name);

    private static async Task SelectAsync(IPage page, string name, string path)
    {
        await Node(page, name).ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync(path);
    }

    private static async Task CreateChildAsync(IPage page, string name, string path)
    {
        await page.GetByTestId("child-name").FillAsync(name);
        await page.GetByTestId("create-child").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync(path);
    }

    [Fact]
    public async Task The_tree_creates_renames_and_moves_a_collection_and_refuses_a_move_into_its_own_subtree()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/collections");
        var name = "qa-" + Guid.NewGuid().ToString("N")[..6];
        await SelectAsync(page, "prod", "/prod");
        await CreateChildAsync(page, name, $"/prod/{name}");
        await Assertions.Expect(Node(page, name)).ToBeVisibleAsync();
        var id = await IdAtAsync(page, $"/prod/{name}");
        Assert.NotNull(id);

        var renamed = name + "-r";
        await page.GetByTestId("rename-name").FillAsync(renamed);
        await page.GetByTestId("rename").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync($"/prod/{renamed}");
        Assert.Equal(id, await IdAtAsync(page, $"/prod/{renamed}"));

        // Move with the picker.
        await page.GetByTestId("move").ClickAsync();
        await TypeInPickerAsync(page, "move-target", "Shared");
        await Option(page, "/Shared").ClickAsync();
        await page.GetByTestId("move-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync($"/Shared/{renamed}");
        Assert.Equal(id, await IdAtAsync(page, $"/Shared/{renamed}"));
        Assert.Null(await IdAtAsync(page, $"/prod/{renamed}"));

        // Into its own subtree: refused, nothing moves.
        await CreateChildAsync(page, "inner", $"/Shared/{renamed}/inner");
        await SelectAsync(page, renamed, $"/Shared/{renamed}");
        await page.GetByTestId("move").ClickAsync();
        await TypeInPickerAsync(page, "move-target", "inner");
        await Option(page, $"/Shared/{renamed}/inner").ClickAsync();
        await page.GetByTestId("move-confirm").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "cannot be moved under itself or one of its descendants" })).ToBeVisibleAsync();
        Assert.Equal(id, await IdAtAsync(page, $"/Shared/{renamed}"));

        // Move by dragging it onto /prod in the tree.
        await Node(page, renamed).DragToAsync(Node(page, "prod"));
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync($"/prod/{renamed}");
        Assert.Equal(id, await IdAtAsync(page, $"/prod/{renamed}"));
        Assert.NotNull(await IdAtAsync(page, $"/prod/{renamed}/inner"));
        await PageChecks.ExpectNoErrorUiAsync(page);

        // Delete without cascade is refused (it has a child); with it, the subtree goes.
        await page.GetByTestId("delete-collection").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "Nothing was deleted" })).ToBeVisibleAsync();
        Assert.NotNull(await IdAtAsync(page, $"/prod/{renamed}"));
        await page.GetByTestId("cascade").ClickAsync();
        await page.GetByTestId("delete-collection").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync("/prod");
        Assert.Null(await IdAtAsync(page, $"/prod/{renamed}/inner"));
        Assert.Null(await IdAtAsync(page, $"/prod/{renamed}"));
    }

    [Fact]
    public async Task The_search_expands_the_tree_down_to_a_collection()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/collections");
        await Assertions.Expect(Node(page, "db")).ToHaveCountAsync(0);
        await TypeInPickerAsync(page, "collection-search", "payments");
        await Option(page, "/Shared/db/payments").ClickAsync();
        await Assertions.Expect(page.GetByTestId("selected-path")).ToHaveTextAsync("/Shared/db/payments");
        await Assertions.Expect(Node(page, "db")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-path='/Shared/db/payments']")).ToBeVisibleAsync();
        await Node(page, "prod").ClickAsync();
        await page.Mouse.MoveAsync(5, 795);

        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "collections");
    }

    [Fact]
    public async Task A_collection_page_shows_its_grants_and_those_inherited_from_ancestors()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/collections/" + await IdAtAsync(page, "/prod/mobile"));
        await Assertions.Expect(page.GetByTestId("own-grants")).ToContainTextAsync("team:orcabank/mobile");
        var inherited = page.GetByTestId("inherited-grants");
        await Assertions.Expect(inherited).ToHaveCountAsync(1);
        await Assertions.Expect(inherited).ToContainTextAsync("team:orcabank/ops");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "/prod", Exact = true }).First).ToBeVisibleAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "collection");

        await PageChecks.GoToAsync(page, app.AppUrl + "/collections/no-such-collection");
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await PageChecks.ExpectNoErrorUiAsync(page);
    }

    [Fact]
    public async Task Namespaces_are_created_shown_with_the_grants_reaching_them_and_deleted()
    {
        var page = await app.SignInAsync("alice");
        await PageChecks.GoToAsync(page, app.AppUrl + "/namespaces");
        await Assertions.Expect(page.GetByTestId("namespace-link").Filter(new() { HasText = "payments" })).ToBeVisibleAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.SaveScreenshotAsync(page, "namespaces");

        var name = "ns-" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("namespace-name").FillAsync("Not Valid!");
        await page.GetByTestId("create-namespace").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToBeVisibleAsync();
        await page.GetByTestId("namespace-name").FillAsync(name);
        await page.GetByTestId("create-namespace").ClickAsync();
        await Assertions.Expect(page.GetByTestId("namespace-link").Filter(new() { HasText = name })).ToBeVisibleAsync();
        Assert.Equal(200, (await ApiAsync(page, "namespaces/" + name)).Status);

        await PageChecks.GoToAsync(page, app.AppUrl + "/namespaces/" + name);
        await Assertions.Expect(page.GetByTestId("all-namespace-grants")).ToBeVisibleAsync();
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.ExpectNoErrorUiAsync(page);

        await PageChecks.GoToAsync(page, app.AppUrl + "/namespaces");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete namespace {name}" }).ClickAsync();
        await page.GetByTestId("namespace-delete-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("namespace-link").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        Assert.Equal(404, (await ApiAsync(page, "namespaces/" + name)).Status);
    }

    [Fact]
    public async Task The_Auditor_sees_resource_sets_read_only_and_the_server_refuses_her_changes()
    {
        var page = await app.SignInAsync("audrey");
        await PageChecks.GoToAsync(page, app.AppUrl + "/collections");
        await SelectAsync(page, "prod", "/prod");
        foreach (var action in new[] { "child-name", "create-child", "rename", "move", "delete-collection" })
            await Assertions.Expect(page.GetByTestId(action)).ToHaveCountAsync(0);
        await Assertions.Expect(Node(page, "prod")).ToHaveAttributeAsync("draggable", "false");
        await PageChecks.ExpectAccessibleAsync(page);
        await PageChecks.GoToAsync(page, app.AppUrl + "/namespaces");
        await Assertions.Expect(page.GetByTestId("namespace-link").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("create-namespace")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("delete-namespace")).ToHaveCountAsync(0);

        var status = await page.EvaluateAsync<int>(@"async () => (await fetch('/api/v1/collections', { method: 'POST',
            headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/prod/audrey-was-here' }) })).status");
        Assert.Equal(403, status);
        var deleted = await page.EvaluateAsync<int>("async () => (await fetch('/api/v1/namespaces/payments', { method: 'DELETE' })).status");
        Assert.Equal(403, deleted);
        Assert.Null(await IdAtAsync(page, "/prod/audrey-was-here"));
    }
}
