using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Exports;

public static class ExportEndpoints
{
    public static void MapExports(this IEndpointRouteBuilder api)
    {
        var exports = api.MapGroup("/exports").WithTags("Exports");
        exports.MapGet("/acl", ExportAclAsync)
            .WithSummary("The access control list, streamed: format=csv|json|kubernetes|casbin, view=grants|effective, asOf=<instant>.")
            .RequireAuthorization(Policies.Audit);
    }

    private static async Task ExportAclAsync(HttpContext http, HistoryService history, IOptions<JsonOptions> json, TimeProvider clock,
        string? format, string? view, string? asOf, CancellationToken ct)
    {
        format = (format ?? "csv").ToLowerInvariant();
        view = (view ?? "grants").ToLowerInvariant();
        var v = new Validator()
            .Check("format", format is "csv" or "json" or "kubernetes" or "casbin" ? null : "format must be csv, json, kubernetes or casbin.")
            .Check("view", view is "grants" or "effective" ? null : "view must be grants or effective.");
        v.ThrowIfInvalid();
        var engine = await history.EngineAsync(asOf, ct);
        var instant = string.IsNullOrWhiteSpace(asOf) ? clock.GetUtcNow().UtcDateTime : HistoryService.ParseInstant(asOf);

        var (contentType, extension) = format switch
        {
            "csv" => ("text/csv; charset=utf-8", "csv"),
            "json" => ("application/json; charset=utf-8", "json"),
            "kubernetes" => ("application/yaml; charset=utf-8", "yaml"),
            _ => ("text/plain; charset=utf-8", "csv"),
        };
        http.Response.ContentType = contentType;
        var name = format is "kubernetes" or "casbin" ? $"acl-{format}" : $"acl-{view}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{extension}\"";
        var body = http.Response.Body;
        switch (format, view)
        {
            case ("csv", "grants"): await AclWriters.CsvAsync(body, AclRows.Grants(engine), ct); break;
            case ("csv", _): await AclWriters.CsvAsync(body, AclRows.Effective(engine), ct); break;
            case ("json", "grants"): await AclWriters.JsonAsync(http.Response.BodyWriter, view, instant, AclRows.Grants(engine), json.Value.SerializerOptions, ct); break;
            case ("json", _): await AclWriters.JsonAsync(http.Response.BodyWriter, view, instant, AclRows.Effective(engine), json.Value.SerializerOptions, ct); break;
            case ("kubernetes", _): await AclWriters.YamlAsync(body, KubernetesExport.Objects(engine), ct); break;
            default: await CasbinExport.WriteAsync(body, engine, ct); break;
        }
    }
}
