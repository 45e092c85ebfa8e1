using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Exports;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace AccessControl.Web.Features.Reports;

/// <summary>
/// /api/v1/reports/*: the auditors' reports (Auditor and Administrator; a Viewer reads the model and asks decisions but
/// gets no reports). Each accepts <c>asOf</c> (or from/to) and <c>format=json|csv</c> (<c>png</c> too for the matrix);
/// <c>download=true</c> makes JSON an attachment as well.
/// </summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization(Policies.Audit);
        reports.MapGet("/who-can", async (HttpContext http, ReportService s, string? resource, string? permission, string? role,
                string? filter, string? kind, string? sort, string? asOf, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.WhoCanAsync(new WhoCanQuery(resource, permission, role, filter, kind, sort, asOf), ct), format, download, ct))
            .WithSummary("Every user and service account holding a permission (or every permission of a role) on a resource set, with the chain that gives it.");
        reports.MapGet("/what-can", async (HttpContext http, ReportService s, string? subject, string? filter, string? asOf, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.WhatCanAsync(subject, filter, asOf, ct), format, download, ct))
            .WithSummary("Every resource set on which a subject holds something, with the chains; inherited entries marked.");
        reports.MapGet("/what-can/compare", async (HttpContext http, ReportService s, string? first, string? second, string? asOf, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.CompareAsync(first, second, asOf, ct), format, download, ct))
            .WithSummary("What one subject holds that the other lacks, per resource set.");
        reports.MapGet("/why-not", async (HttpContext http, ReportService s, string? subject, string? permission, string? resource, string? asOf, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.WhyNotAsync(subject, permission, resource, asOf, ct), format, download, ct))
            .WithSummary("Why a subject lacks a permission on a resource set: the nearest grants and what each lacks, inactive, not applicable.");
        reports.MapGet("/matrix", async (HttpContext http, MatrixService s, string? rows, string? root, string? filter, string? asOf, string? format, bool? download, CancellationToken ct) =>
            {
                var report = await s.MatrixAsync(rows, root, filter, asOf, ct);
                if (!string.Equals(format, "png", StringComparison.OrdinalIgnoreCase)) { await WriteAsync(http, report, format, download, ct); return; }
                http.Response.ContentType = "image/png";
                http.Response.Headers.ContentDisposition = $"{(download == true ? "attachment" : "inline")}; filename=\"{FileName(report, "png")}\"";
                await http.Response.Body.WriteAsync(MatrixImage.Png(report), ct);
            })
            .WithSummary("Subjects (users or teams) × the collections of a subtree, the strongest role per cell; format=png draws the heat map.");
        reports.MapGet("/changes", async (HttpContext http, ChangeService s, string? from, string? to, string? filter, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.ChangesAsync(from, to, filter, ct), format, download, ct))
            .WithSummary("Who gained or lost which permissions where between two instants, and the audit entries that caused it.");
        reports.MapGet("/timeline", async (HttpContext http, ChangeService s, string? subject, string? resource, string? from, string? to, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.TimelineAsync(subject, resource, from, to, ct), format, download, ct))
            .WithSummary("How a subject's or a resource set's access changed over time, newest first.");
        reports.MapGet("/risks", async (HttpContext http, RiskService s, string? asOf, string? format, bool? download, CancellationToken ct) =>
            await WriteAsync(http, await s.RisksAsync(asOf, ct), format, download, ct))
            .WithSummary("Risk findings: dangerous permissions, Full Control at the top, grants to inactive users, empty teams with grants, unused roles, collections unlike their siblings.");
    }

    public static string FileName(IReport report, string extension) => $"{report.Report}-{report.AsOf:yyyyMMdd'T'HHmmss'Z'}.{extension}";

    private static async Task WriteAsync(HttpContext http, IReport report, string? format, bool? download, CancellationToken ct)
    {
        format = string.IsNullOrWhiteSpace(format) ? "json" : format.ToLowerInvariant();
        new Validator().Check("format", format is "json" or "csv" ? null : "format must be json or csv.").ThrowIfInvalid();
        if (format == "csv")
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(report, "csv")}\"";
            var table = report.Table();
            await AclWriters.CsvAsync(http.Response.Body, table.Header, table.Rows, ct);
            return;
        }
        if (download == true) http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(report, "json")}\"";
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await http.Response.WriteAsJsonAsync(report, report.GetType(), options, "application/json; charset=utf-8", ct);
    }
}
