using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.ModelDocument;
using AccessControl.Web.Features.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AccessControl.Web.Features.Roles.Pages;

/// <summary>
/// One role: read-only for built-ins and for non-Administrators; for custom roles an editor whose save first shows the impact.
/// A stale save (someone else changed the role) keeps the user's input and offers to load the other version.
/// </summary>
public partial class RolePage
{
    [Parameter] public string? Id { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = null!;
    [Inject] private IAuthorizationService Authorization { get; set; } = null!;

    private RoleDto? original;
    private string? name, description, nameError, descriptionError, permissionsError, missing, conflict;
    private HashSet<string> selected = new(StringComparer.Ordinal);
    private bool loaded, busy, isAdmin;
    // Each navigation starts a load; a slower load of an earlier route must not overwrite the current one's fields.
    private int loadVersion;
    private int grantCount;
    private ModelImpact? impact;
    private (string Message, IReadOnlyList<GrantDto> Grants, int Total)? inUse;

    private bool IsNew => Id is null;
    private bool ReadOnly => !isAdmin || original is { BuiltIn: true } && !IsNew;

    /// <summary>/roles/new and /roles/{id} share this component: a route without Id must not keep the previous page's Id.</summary>
    public override Task SetParametersAsync(ParameterView parameters)
    {
        (Id, From) = (null, null);
        return base.SetParametersAsync(parameters);
    }

    protected override async Task OnParametersSetAsync()
    {
        var version = ++loadVersion;
        loaded = false;
        (missing, conflict, inUse, impact) = (null, null, null, null);
        isAdmin = (await Authorization.AuthorizeAsync((await AuthState).User, Policies.Admin)).Succeeded;
        try
        {
            if (IsNew)
            {
                original = null;
                var source = From is null ? null : await RoleService.GetAsync(From, CancellationToken.None);
                if (version != loadVersion) return;
                name = source is null ? "" : $"Copy of {source.Name}";
                description = source?.Description;
                selected = new HashSet<string>(source?.Permissions ?? [], StringComparer.Ordinal);
            }
            else
            {
                var role = await RoleService.GetAsync(Id!, CancellationToken.None);
                var counts = await RoleService.GrantCountsAsync(CancellationToken.None);
                if (version != loadVersion) return;
                Show(role);
                grantCount = counts.GetValueOrDefault(role.Id);
            }
        }
        catch (NotFoundException e)
        {
            if (version != loadVersion) return;
            missing = e.Message;
        }
        loaded = true;
    }

    private void Show(RoleDto role)
    {
        original = role;
        name = role.Name;
        description = role.Description;
        selected = new HashSet<string>(role.Permissions, StringComparer.Ordinal);
    }

    private RoleRequest Request() => new(name?.Trim(), description, selected.ToList());

    private async Task PreviewAsync() => await RunAsync(async () =>
    {
        impact = await RoleService.PreviewUpdateAsync(original!.Id, Request(), CancellationToken.None);
    });

    private async Task SaveAsync() => await RunAsync(async () =>
    {
        if (IsNew)
        {
            var created = await RoleService.CreateAsync(Request(), CancellationToken.None);
            Snackbar.Add($"Role '{created.Name}' created.", Severity.Success);
            Nav.NavigateTo(Links.Role(created.Id));
            return;
        }
        Show(await RoleService.UpdateAsync(original!.Id, Request(), ETags.ParseIfMatch(original.Etag), CancellationToken.None));
        impact = null;
        Snackbar.Add($"Role '{original!.Name}' saved.", Severity.Success);
    });

    private async Task DeleteAsync()
    {
        var sure = await Dialogs.ShowMessageBoxAsync("Delete role",
            $"Delete the role '{original!.Name}'? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (sure != true) return;
        await RunAsync(async () =>
        {
            await RoleService.DeleteAsync(original.Id, ETags.ParseIfMatch(original.Etag), CancellationToken.None);
            Snackbar.Add($"Role '{original.Name}' deleted.", Severity.Success);
            Nav.NavigateTo(Links.Roles);
        }, onConflict: async e =>
        {
            var grants = await GrantService.ListAsync(null, original.Id, null, new PageRequest(0, 10), CancellationToken.None);
            if (grants.Total == 0) return false;
            inUse = (e.Message, grants.Items, grants.Total);
            return true;
        });
    }

    private async Task ReloadTheirsAsync()
    {
        Show(await RoleService.GetAsync(original!.Id, CancellationToken.None));
        (conflict, impact) = (null, null);
    }

    /// <summary>Runs a service call, turning the errors a user can cause into field errors, alerts and snackbars.</summary>
    private async Task RunAsync(Func<Task> action, Func<ConflictException, Task<bool>>? onConflict = null)
    {
        busy = true;
        (nameError, descriptionError, permissionsError) = (null, null, null);
        try
        {
            await action();
        }
        catch (ValidationException e)
        {
            nameError = e.Errors.TryGetValue("name", out var n) ? string.Join(" ", n) : null;
            descriptionError = e.Errors.TryGetValue("description", out var d) ? string.Join(" ", d) : null;
            permissionsError = e.Errors.TryGetValue("permissions", out var p) ? string.Join(" ", p) : null;
            impact = null;
            Snackbar.Add("Some fields need attention: see the messages on the form.", Severity.Warning);
        }
        catch (PreconditionFailedException)
        {
            impact = null;
            conflict = $"Someone else changed the role '{original!.Name}' while you were editing it. Nothing was saved and your edits are still here: " +
                       "open the role in another tab to see their version, then save again to overwrite it, or load their version.";
            original = original with { Etag = (await RoleService.GetAsync(original.Id, CancellationToken.None)).Etag };
            Snackbar.Add("Not saved: someone else changed this role meanwhile. Your edits are kept.", Severity.Warning);
        }
        catch (ConflictException e)
        {
            if (onConflict is null || !await onConflict(e)) Snackbar.Add(e.Message, Severity.Error);
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
