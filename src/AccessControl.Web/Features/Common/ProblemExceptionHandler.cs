using AccessControl.Core.Engine;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Common;

/// <summary>
/// The one place where errors become RFC 9457 problem details. Caller errors keep their message; anything
/// unexpected is logged and answered with a generic 500 that never carries a stack trace.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors) { Status = 400, Title = v.Title, Detail = v.Message },
            AppException a => new ProblemDetails { Status = a.Status, Title = a.Title, Detail = a.Message },
            UnknownReferenceException u => new ValidationProblemDetails(new Dictionary<string, string[]> { [u.Field] = [u.Message] })
                { Status = 400, Title = "Unknown reference", Detail = u.Message },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = 409, Title = "Conflict",
                Detail = "Someone else changed or deleted this entity while your change was being saved. Nothing was changed: reload it and apply your change again.",
            },
            DbUpdateException db when Constraints.IsUniqueViolation(db) => new ProblemDetails
            {
                Status = 409, Title = "Conflict",
                Detail = "An entity with the same name or key already exists (it may have been created meanwhile). Nothing was changed.",
            },
            DbUpdateException db when Constraints.IsForeignKeyViolation(db) => new ProblemDetails
            {
                Status = 409, Title = "Conflict",
                Detail = "The change refers to an entity that was deleted meanwhile, or removes one still in use. Nothing was changed: reload and try again.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode, Title = bad.StatusCode == 413 ? "Request body too large" : "Bad request",
                Detail = bad.StatusCode == 413 ? "The request body is larger than the server accepts." : Clean(bad.Message),
            },
            OperationCanceledException when ct.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (ct.IsCancellationRequested) return true;
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = new ProblemDetails
            {
                Status = 500, Title = "Internal error",
                Detail = "The server failed to handle the request; nothing was changed. The error is in the server's log.",
            };
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    // Framework messages about JSON binding may quote the input; keep the first sentence, which says what is wrong.
    private static string Clean(string message) => message.Length > 300 ? message[..300] : message;
}
