using AccessControl.Web.Features.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AccessControl.Web.Features.Collections.Pages;

/// <summary>What a change did to the tree: the collections whose children to reload, and the one to select afterwards.</summary>
public sealed record CollectionChange(IReadOnlyList<string> Reload, string? Select);

public partial class CollectionActions
{
    [Parameter] public CollectionNode? Node { get; set; }
    [Parameter] public bool IsAdmin { get; set; }
    [Parameter] public EventCallback<CollectionChange> Changed { get; set; }

    private string? childName, newName, childError, renameError, shownId;
    private bool busy, cascade;

    protected override void OnParametersSet()
    {
        if (Node?.Id == shownId) return;
        (shownId, newName, childName, childError, renameError, cascade) = (Node?.Id, Node?.Name, null, null, null, false);
    }

    private string ParentPath(CollectionNode node) => node.Path.LastIndexOf('/') is var i and > 0 ? node.Path[..i] : "/";

    private async Task CreateAsync()
    {
        var parent = Node!;
        var path = (parent.Path == "/" ? "/" : parent.Path + "/") + childName?.Trim();
        await RunAsync(async () =>
        {
            var created = await Service.CreateAsync(new CreateCollectionRequest(path), CancellationToken.None);
            Snackbar.Add($"Created {created.Path}.", Severity.Success);
            childName = null;
            await Changed.InvokeAsync(new([parent.Id], created.Id));
        }, e => childError = e);
    }

    private async Task RenameAsync()
    {
        var node = Node!;
        await RunAsync(async () =>
        {
            var lineage = await Service.LineageAsync(node.Id, CancellationToken.None);
            var renamed = await Service.UpdateAsync(node.Id, new UpdateCollectionRequest(Name: newName?.Trim()), ETags.ParseIfMatch(node.Etag), CancellationToken.None);
            Snackbar.Add($"Renamed to {renamed.Path}.", Severity.Success);
            await Changed.InvokeAsync(new([lineage[^2].Id], renamed.Id));
        }, e => renameError = e);
    }

    private async Task PickMoveAsync()
    {
        var node = Node!;
        var parameters = new DialogParameters<MoveCollectionDialog> { { d => d.Path, node.Path }, { d => d.CurrentParent, ParentPath(node) } };
        var dialog = await Dialogs.ShowAsync<MoveCollectionDialog>($"Move {node.Path}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string parentPath }) await MoveAsync(node, parentPath);
    }

    /// <summary>Moves a collection under another (from the picker or a drop in the tree); refusals show as a snackbar.</summary>
    public async Task MoveAsync(CollectionNode node, string parentPath)
    {
        await RunAsync(async () =>
        {
            var lineage = await Service.LineageAsync(node.Id, CancellationToken.None);
            var moved = await Service.UpdateAsync(node.Id, new UpdateCollectionRequest(Parent: parentPath), ETags.ParseIfMatch(node.Etag), CancellationToken.None);
            var target = await Service.GetByPathAsync(parentPath, CancellationToken.None);
            Snackbar.Add($"Moved to {moved.Path}.", Severity.Success);
            await Changed.InvokeAsync(new([lineage[^2].Id, target.Id], moved.Id));
        }, e => Snackbar.Add(e, Severity.Error));
    }

    private async Task DeleteAsync()
    {
        var node = Node!;
        var what = cascade ? $"Delete {node.Path} and everything under it: {node.ChildCount} child collection(s), their descendants and every grant on them?"
                           : $"Delete {node.Path}? It must have no child collections and no grants.";
        if (await Dialogs.ShowMessageBoxAsync("Delete collection", what, yesText: "Delete", cancelText: "Cancel") != true) return;
        await RunAsync(async () =>
        {
            var lineage = await Service.LineageAsync(node.Id, CancellationToken.None);
            await Service.DeleteAsync(node.Id, cascade, ETags.ParseIfMatch(node.Etag), CancellationToken.None);
            Snackbar.Add($"Deleted {node.Path}{(cascade ? " with everything under it" : "")}.", Severity.Success);
            await Changed.InvokeAsync(new([lineage[^2].Id], lineage[^2].Id));
        }, e => Snackbar.Add(e, Severity.Error));
    }

    /// <summary>Validation goes to the field; conflicts and refusals to a snackbar; a stale version reloads the tree around it.</summary>
    private async Task RunAsync(Func<Task> action, Action<string> fieldError)
    {
        busy = true;
        (childError, renameError) = (null, null);
        try
        {
            await action();
        }
        catch (ValidationException e)
        {
            fieldError(string.Join(" ", e.Errors.Values.SelectMany(v => v)));
        }
        catch (PreconditionFailedException e)
        {
            Snackbar.Add($"{e.Message.Split(':')[0]}. The tree now shows the current state; try again.", Severity.Warning);
            if (Node is { } n) await Changed.InvokeAsync(new([n.Id], n.Id));
        }
        catch (AppException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            busy = false;
        }
    }
}
