using AccessControl.Core.Model;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AccessControl.Web.Features.Collections.Pages;

/// <summary>
/// The collection tree, loaded one level per expansion (never whole: it must stay usable at tens of thousands of collections),
/// with a search that expands the tree down to what it finds, and the selected collection's actions beside it.
/// </summary>
public partial class Collections
{
    /// <summary>At most this many children show under one collection; the search reaches the rest.</summary>
    private const int ChildrenShown = 200;

    [Inject] private CollectionService Service { get; set; } = null!;
    [Inject] private IAuthorizationService Authorization { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = null!;

    private sealed class Item : TreeItemData<string>
    {
        public CollectionNode? Node { get; set; }
    }

    private List<ITreeItemData<string>>? items;
    private readonly Dictionary<string, Item> byId = new(StringComparer.Ordinal);
    private string? selectedId, dragged;
    private CollectionNode? selected;
    private bool isAdmin;

    protected override async Task OnInitializedAsync()
    {
        isAdmin = (await Authorization.AuthorizeAsync((await AuthState).User, Policies.Admin)).Succeeded;
        var root = (await Service.LineageAsync(BuiltInCollections.Root, CancellationToken.None))[0];
        var rootItem = ItemOf(root);
        rootItem.Expanded = true;
        rootItem.Children = await ChildItemsAsync(root.Id);
        items = [rootItem];
        await SelectAsync(root.Id);
    }

    private static CollectionNode? Node(ITreeItemData<string> item) => (item as Item)?.Node;

    private bool IsBuiltIn(string id) => byId.TryGetValue(id, out var i) && i.Node is { BuiltIn: true };

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
            children.Add(new TreeItemData<string> { Value = $"more:{id}", Text = $"… {page.Total - page.Items.Count} more: use the search above", Expandable = false });
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
        selectedId = id;
        try
        {
            selected = (await Service.LineageAsync(id, CancellationToken.None))[^1];
        }
        catch (NotFoundException e)
        {
            selected = null;
            Snackbar.Add(e.Message, Severity.Warning);
        }
    }

    /// <summary>Expands the tree from the root down to a found collection and selects it.</summary>
    private async Task RevealAsync(SearchHit? hit)
    {
        if (hit is null) return;
        var found = await Service.GetByPathAsync(hit.Label, CancellationToken.None);
        await RevealAsync(found.Id);
    }

    private async Task RevealAsync(string id)
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
    }

    /// <summary>After a change: reload the children of the collections it touched, then show the one it names.</summary>
    private async Task OnChangedAsync(CollectionChange change)
    {
        foreach (var id in change.Reload.Distinct())
        {
            if (!byId.TryGetValue(id, out var item)) continue;
            var lineage = await Service.LineageAsync(id, CancellationToken.None);
            item.Node = lineage[^1];
            item.Expandable = item.Node.ChildCount > 0;
            item.Children = item.Expandable ? await ChildItemsAsync(id) : null;
            item.Expanded = item.Expandable;
        }
        if (change.Select is { } select) await RevealAsync(select);
        else selected = null;
    }

    private CollectionActions? actions;

    private async Task DropAsync(string? targetId)
    {
        var source = dragged;
        dragged = null;
        if (!isAdmin || source is null || targetId is null || source == targetId || actions is null) return;
        if (!byId.TryGetValue(source, out var from) || !byId.TryGetValue(targetId, out var to) || from.Node is null || to.Node is null) return;
        await actions.MoveAsync(from.Node, to.Node.Path);
    }
}
