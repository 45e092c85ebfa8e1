using AccessControl.Core.Model;
using AccessControl.Web.Features.Subjects;
using MudBlazor;

namespace AccessControl.Web.Features.Orgs.Pages;

/// <summary>The name prompt for organizations and teams, with the service's naming rule inline.</summary>
public static class OrgDialogs
{
    public static async Task<string?> AskNameAsync(IDialogService dialogs, string title, string label, string? initial, string submit, bool team = false)
    {
        var parameters = new DialogParameters<NameDialog>
        {
            { d => d.Label, label },
            { d => d.Initial, initial },
            { d => d.SubmitText, submit },
            { d => d.HelperText, "Lower case letters, digits, '.', '_' and '-'; at most 100 characters." },
            { d => d.Rule, name => Names.ValidateOrgOrTeam(name, team ? "team name" : "organization name") },
        };
        var dialog = await dialogs.ShowAsync<NameDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: string name } ? name : null;
    }
}
