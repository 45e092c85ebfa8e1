using AccessControl.Web.Components.Shared;
using AccessControl.Web.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AccessControl.Web.Features.Collections.Pages;

/// <summary>
/// The collection tree (<see cref="CollectionTreePicker"/>: one level per expansion, a search that expands it down to what
/// it finds) and the selected collection's actions beside it; Administrators move a collection by dragging it.
/// </summary>
public partial class Collections
{
    [Inject] private IAuthorizationService Authorization { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = null!;

    private CollectionTreePicker? tree;
    private CollectionActions? actions;
    private CollectionNode? selected;
    private bool isAdmin;

    protected override async Task OnInitializedAsync() =>
        isAdmin = (await Authorization.AuthorizeAsync((await AuthState).User, Policies.Admin)).Succeeded;

    /// <summary>After a change: reload the children of the collections it touched, then show the one it names.</summary>
    private async Task OnChangedAsync(CollectionChange change)
    {
        if (tree is null) return;
        await tree.ReloadAsync(change.Reload);
        if (change.Select is { } select) await tree.RevealAsync(select);
        else selected = null;
    }

    private async Task DropAsync((CollectionNode Dragged, CollectionNode Target) drop)
    {
        if (!isAdmin || actions is null) return;
        await actions.MoveAsync(drop.Dragged, drop.Target.Path);
    }
}
