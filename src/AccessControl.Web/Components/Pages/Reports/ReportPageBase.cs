using AccessControl.Core.Engine;
using AccessControl.Web.Features.Common;
using Microsoft.AspNetCore.Components;

namespace AccessControl.Web.Components.Pages.Reports;

/// <summary>
/// What every report page shares: the "as of" instant from the query string, running the report with its errors shown
/// as a message (never a broken page), and the query string that the page's URL and its CSV/JSON downloads carry.
/// </summary>
public abstract class ReportPageBase : ComponentBase
{
    [Inject] protected NavigationManager Nav { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "asOf")] public string? AsOf { get; set; }

    /// <summary>Long answers show 50 rows a page (a page renders fast at scale); "All" before printing prints them all.</summary>
    protected static readonly int[] PageSizes = [50, 200, 1000, int.MaxValue];

    protected string? Error { get; private set; }
    protected bool Loading { get; private set; }

    /// <summary>The API path of the report (for downloads), e.g. "reports/who-can".</summary>
    protected abstract string ApiPath { get; }

    /// <summary>The report's inputs as query parameters (asOf included by the base).</summary>
    protected abstract IEnumerable<(string Key, string? Value)> Inputs();

    /// <summary>True when every required input is there, so the report can run (e.g. when opened from a link).</summary>
    protected abstract bool Ready { get; }

    protected abstract Task LoadAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (Ready) await RunAsync(updateUrl: false);
    }

    protected async Task RunAsync(bool updateUrl = true)
    {
        Error = null;
        Loading = true;
        try
        {
            await LoadAsync();
            if (updateUrl) Nav.NavigateTo(PagePath + "?" + QueryString(), replace: true);
        }
        catch (ValidationException e) { Error = string.Join(" ", e.Errors.SelectMany(x => x.Value)); }
        catch (AppException e) { Error = e.Message; }
        catch (UnknownReferenceException e) { Error = e.Message; }
        finally { Loading = false; }
    }

    protected string PagePath => "/" + Nav.ToBaseRelativePath(Nav.Uri).Split('?')[0];

    protected string QueryString() => string.Join('&', Inputs().Append((Key: "asOf", Value: AsOf))
        .Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    protected string Download(string format) => $"/api/v1/{ApiPath}?{QueryString()}&format={format}&download=true";
}
