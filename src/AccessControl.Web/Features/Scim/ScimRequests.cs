using System.Diagnostics;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Scim;

/// <summary>
/// Around every /scim/v2 request: turns every error (thrown, or an empty 4xx/5xx such as 404 and 405) into a SCIM
/// Error, and records the request in its connection's log.
/// </summary>
public sealed class ScimRequests(RequestDelegate next, ILogger<ScimRequests> log)
{
    public async Task InvokeAsync(HttpContext http, ProvisioningRequestLog requests)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var (status, type, detail) = Map(e);
            if (status == 500) log.LogError(e, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await ScimError.WriteAsync(http, status, type, detail);
        }
        if (http.Response.StatusCode >= 400 && !http.Response.HasStarted)
            await ScimError.WriteAsync(http, http.Response.StatusCode, null, http.Response.StatusCode switch
            {
                404 => $"There is no SCIM endpoint at {http.Request.Path}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                _ => "The request failed.",
            });
        if (http.User.FindFirst(ScimAuthenticationHandler.ConnectionClaim)?.Value is { } id && Guid.TryParse(id, out var connection))
            await requests.RecordAsync(connection, http.Request.Method, http.Request.Path + http.Request.QueryString, http.Response.StatusCode,
                (int)clock.ElapsedMilliseconds);
    }

    private static (int, string?, string) Map(Exception e) => e switch
    {
        ScimException s => (s.Status, s.ScimType, s.Message),
        ConflictException c => (409, ScimErrorTypes.Uniqueness, c.Message),
        NotFoundException n => (404, null, n.Message),
        ValidationException v => (400, ScimErrorTypes.InvalidValue, v.Message),
        PreconditionFailedException p => (412, null, p.Message),
        DbUpdateConcurrencyException => (409, null, "The resource was changed or deleted by another request meanwhile. Nothing was changed: read it again and retry."),
        DbUpdateException d when Constraints.IsUniqueViolation(d) => (409, ScimErrorTypes.Uniqueness,
            "A resource with the same unique attribute exists (it may have been created meanwhile). Nothing was changed."),
        DbUpdateException d when Constraints.IsForeignKeyViolation(d) => (409, null,
            "The change refers to a resource that was deleted meanwhile. Nothing was changed: retry."),
        BadHttpRequestException b => (b.StatusCode, b.StatusCode == 400 ? ScimErrorTypes.InvalidSyntax : null,
            b.Message.Length > 300 ? b.Message[..300] : b.Message),
        System.Text.Json.JsonException => (400, ScimErrorTypes.InvalidSyntax, "The body is not valid JSON."),
        _ => (500, null, "The server failed to handle the request; nothing was changed. The error is in the server's log."),
    };
}
