using AccessControl.Web.Features.Common;
using MudBlazor;

namespace AccessControl.Web.Features.Subjects;

/// <summary>
/// How the subject pages report what a service refused: a snackbar that says what happened and what to do. Validation
/// errors come back per field for the form to show inline; everything else the caller did not cause is left to throw.
/// </summary>
public static class SubjectErrors
{
    public const string StaleAdvice =
        "Someone else changed it since you opened this page. Nothing was saved and your input is kept: reload to see their change, then save again.";

    /// <summary>Runs <paramref name="change"/>; true when it succeeded. On a refusal shows a snackbar (validation errors go to
    /// <paramref name="fieldErrors"/> when given) and returns false.</summary>
    public static async Task<bool> TryAsync(ISnackbar snackbar, Func<Task> change, string? success = null,
        Dictionary<string, string>? fieldErrors = null, Action? onStale = null)
    {
        fieldErrors?.Clear();
        try
        {
            await change();
            if (success is not null) Add(snackbar, success, Severity.Success);
            return true;
        }
        catch (ValidationException e) when (fieldErrors is not null)
        {
            foreach (var (field, messages) in e.Errors) fieldErrors[field] = string.Join(" ", messages);
            Add(snackbar, "Please correct the highlighted fields. Nothing was saved.", Severity.Warning);
        }
        catch (PreconditionFailedException)
        {
            Add(snackbar, StaleAdvice, Severity.Warning, c =>
            {
                c.RequireInteraction = true;
                if (onStale is null) return;
                c.Action = "Reload";
                c.ActionColor = Color.Inherit;
                c.OnClick = _ => { onStale(); return Task.CompletedTask; };
            });
        }
        catch (AppException e)
        {
            var text = e is NotFoundException ? e.Message + " Someone may have deleted it meanwhile: go back to the list." : e.Message;
            Add(snackbar, text, e is NotFoundException ? Severity.Error : Severity.Warning, c => c.RequireInteraction = e is not ValidationException);
        }
        return false;
    }

    private static void Add(ISnackbar snackbar, string text, Severity severity, Action<SnackbarOptions>? configure = null) =>
        snackbar.Add(text, severity, configure);
}
