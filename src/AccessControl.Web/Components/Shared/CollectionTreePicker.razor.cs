using AccessControl.Core.Model;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Search;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace AccessControl.Web.Components.Shared;

/// <summary>
/// The collection tree, loaded one level per expansion through <see cref="CollectionService.ChildrenAsync"/> (never whole:
/// it must stay usable at tens of thousands of collections), with a search that expands the tree down to what it finds.
/// The Collections page, its move dialog and the new-grant form use it; the owner reacts to <see cref="SelectedChanged"/>.
/// </summary>
public partial class CollectionTreePicker
{
    /// <summary>At most this many children show under one collection; the search reaches the rest.</summary>
    public const int ChildrenShown = 200;

    [Inject] private CollectionService Service { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>The selected collection's id (null: none).</summary>
    [Parameter] public string? SelectedId { get; set; }
    /// <summary>The selected collection, freshly read (its path, child count and etag), or null when it no longer exists.</summary>
    [Parameter] public EventCallback<CollectionNode?> SelectedChanged { get; set; }
    /// <summary>Select the root when the tree first loads.</summary>
    [Parameter] public bool SelectRoot { get; set; }
    [Parameter] public bool ShowSearch { get; set; } = true;
    [Parameter] public string SearchLabel { get; set; } = "Find a collection by name or path";
    [Parameter] public string? SearchTestId { get; set; }
    [Parameter] public string TestId { get; set; } = "collection-tree";
    /// <summary>Prefix of each node's data-testid (node-prod); differs where two trees can show at once.</summary>
    [Parameter] public string NodeTestIdPrefix { get; set; } = "node-";
    [Parameter] public string AriaLabel { get; set; } = "Collection tree";
    [Parameter] public string? MaxHeight { get; set; }
    /// <summary>Which collections may be dragged (none when null).</summary>
    [Parameter] public Func<CollectionNode, bool>? CanDrag { get; set; }
    /// <summary>A collection was dropped onto another: (dragged, target).</summary>
    [Parameter] public EventCallback<(CollectionNode Dragged, CollectionNode Target)> Dropped { get; set; }

    private sealed class Item : TreeItemData<string>
    {
        public CollectionNode? Node { get; set; }
    }

    private List<ITreeItemData<string>>? items;
    private readonly Dictionary<string, Item> byId = new(StringComparer.Ordinal);
    private string? dragged;

    protected override async Task OnInitializedAsync()
    {
        var root = (await Service.LineageAsync(BuiltInCollections.Root, CancellationToken.None))[0];
        var rootItem = ItemOf(root);
        rootItem.Expanded = true;
        rootItem.Children = await ChildItemsAsync(root.Id);
        items = [rootItem];
        if (SelectRoot) await SelectAsync(root.Id);
    }

    private static CollectionNode? Node(ITreeItemData<string> item) => (item as Item)?.Node;

    private Item ItemOf(CollectionNode node)
    {
        var item = new Item
        {
            Value = node.Id, Text = node.Id == BuiltInCollections.Root ? "/" : node.Name, Node = node, Expandable = node.ChildCount > 0,
            Icon = node.BuiltIn ? Icons.Material.Filled.FolderSpecial : Icons.Material.Filled.Folder,
        };
        byId[node.Id] = item;
        return item;
    }

    private async Task<List<ITreeItemData<string>>> ChildItemsAsync(string id)
    {
        var page = await Service.ChildrenAsync(id, new PageRequest(0, ChildrenShown), CancellationToken.None);
        var children = page.Items.Select(n => (ITreeItemData<string>)ItemOf(n)).ToList();
        if (page.Total > page.Items.Count)
            children.Add(new TreeItemData<string> { Value = $"more:{id}", Text = $"… {page.Total - page.Items.Count} more: use the search", Expandable = false });
        return children;
    }

    private async Task<IReadOnlyCollection<TreeItemData<string>>> LoadChildrenAsync(string? id)
    {
        if (id is null || !byId.ContainsKey(id)) return [];
        try
        {
            return [.. (await ChildItemsAsync(id)).Cast<TreeItemData<string>>()];
        }
        catch (NotFoundException e)
        {
            Snackbar.Add($"{e.Message} Someone may have deleted it; the tree shows what exists now.", Severity.Warning);
            return [];
        }
    }

    private async Task SelectAsync(string? id)
    {
        if (id is null || id.StartsWith("more:", StringComparison.Ordinal)) return;
        SelectedId = id;
        CollectionNode? node;
        try
        {
            node = (await Service.LineageAsync(id, CancellationToken.None))[^1];
        }
        catch (NotFoundException e)
        {
            node = null;
            Snackbar.Add(e.Message, Severity.Warning);
        }
        await SelectedChanged.InvokeAsync(node);
    }

    /// <summary>Enter or Space selects; Right expands (loading the children); Left collapses.</summary>
    private async Task KeyAsync(KeyboardEventArgs e, Item item)
    {
        switch (e.Key)
        {
            case "Enter" or " ":
                await SelectAsync(item.Value);
                break;
            case "ArrowRight" when item.Expandable && !item.Expanded:
                item.Children ??= await ChildItemsAsync(item.Value!);
                item.Expanded = true;
                break;
            case "ArrowLeft" when item.Expanded:
                item.Expanded = false;
                break;
        }
    }

    private async Task RevealAsync(SearchHit? hit)
    {
        if (hit is null) return;
        var found = await Service.GetByPathAsync(hit.Label, CancellationToken.None);
        await RevealAsync(found.Id);
    }

    /// <summary>Expands the tree from the root down to a collection and selects it.</summary>
    public async Task RevealAsync(string id)
    {
        var lineage = await Service.LineageAsync(id, CancellationToken.None);
        foreach (var ancestor in lineage.SkipLast(1))
        {
            if (!byId.TryGetValue(ancestor.Id, out var item)) break;
            if (item.Children is null) item.Children = await ChildItemsAsync(ancestor.Id);
            item.Expanded = true;
            item.Expandable = true;
        }
        await SelectAsync(id);
        StateHasChanged();
    }

    /// <summary>Reads these collections again and reloads their children (after a create, rename, move or delete).</summary>
    public async Task ReloadAsync(IEnumerable<string> ids)
    {
        foreach (var id in ids.Distinct())
        {
            if (!byId.TryGetValue(id, out var item)) continue;
            var lineage = await Service.LineageAsync(id, CancellationToken.None);
            item.Node = lineage[^1];
            item.Expandable = item.Node.ChildCount > 0;
            item.Children = item.Expandable ? await ChildItemsAsync(id) : null;
            item.Expanded = item.Expandable;
        }
    }

    private async Task DropAsync(string targetId)
    {
        var source = dragged;
        dragged = null;
        if (source is null || source == targetId || CanDrag is null) return;
        if (!byId.TryGetValue(source, out var from) || !byId.TryGetValue(targetId, out var to) || from.Node is null || to.Node is null) return;
        if (!CanDrag(from.Node)) return;
        await Dropped.InvokeAsync((from.Node, to.Node));
    }
}
