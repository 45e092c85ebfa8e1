using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;

namespace AccessControl.Web.Features.Access;

/// <summary>
/// Decisions (check, who-can, effective; check-batch is streamed by <see cref="CheckBatchStream"/>), answered from the current engine snapshot, never the database.
/// Malformed references are refused here; unknown ones by the engine (<see cref="UnknownReferenceException"/> → 400).
/// Each accepts <c>asOf</c> (ISO 8601) and then answers from the model as it was at that instant.
/// </summary>
public sealed class AccessService(HistoryService history)
{
    public const int MaxBatch = 10_000;

    public async Task<CheckResult> Check(CheckRequest? request, string? asOf, CancellationToken ct)
    {
        var v = new Validator();
        var check = Parse(request, "", v);
        v.ThrowIfInvalid();
        var engine = await history.EngineAsync(asOf, ct);
        return CheckResult.From(engine.Check(check.Subject, check.Permission, check.Resource));
    }

    public async Task<WhoCanDto> WhoCan(string? permission, string? resource, string? asOf, CancellationToken ct)
    {
        var v = new Validator().Require("permission", permission);
        var r = ParseResource(resource, "resource", v);
        v.ThrowIfInvalid();
        var engine = await history.EngineAsync(asOf, ct);
        return WhoCanDto.From(engine.WhoCan(permission!, r));
    }

    public async Task<EffectiveDto> Effective(string? subject, string? asOf, CancellationToken ct)
    {
        var v = new Validator();
        var s = ParseSubject(subject, "subject", v);
        v.ThrowIfInvalid();
        var engine = await history.EngineAsync(asOf, ct);
        return EffectiveDto.From(engine.Effective(s));
    }

    private readonly record struct ParsedCheck(SubjectRef Subject, string Permission, ResourceRef Resource);

    private static ParsedCheck Parse(CheckRequest? c, string prefix, Validator v)
    {
        if (c is null)
        {
            v.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "A check is an object {subject, permission, resource}.");
            return default;
        }
        var subject = ParseSubject(c.Subject, prefix + "subject", v);
        v.Require(prefix + "permission", c.Permission);
        var resource = ParseResource(c.Resource, prefix + "resource", v);
        return new ParsedCheck(subject, c.Permission ?? "", resource);
    }

    internal static SubjectRef ParseSubject(string? text, string field, Validator v)
    {
        if (string.IsNullOrWhiteSpace(text)) v.Add(field, SubjectRequired(field));
        else if (SubjectRef.TryParse(text, out var s)) return s;
        else v.Add(field, NotASubject(text));
        return default;
    }

    internal static ResourceRef ParseResource(string? text, string field, Validator v)
    {
        if (string.IsNullOrWhiteSpace(text)) v.Add(field, ResourceRequired(field));
        else if (ResourceRef.TryParse(text, out var r)) return r;
        else v.Add(field, NotAResource(text));
        return default;
    }

    internal static string SubjectRequired(string field) => $"The {field} field is required, e.g. user:alice.";
    internal static string NotASubject(string text) =>
        $"'{text}' is not a subject reference; expected user:<userName>, team:<org>/<team>, org:<org> or serviceaccount:<namespace>/<name>.";
    internal static string ResourceRequired(string field) => $"The {field} field is required, e.g. collection:/prod.";
    internal static string NotAResource(string text) =>
        $"'{text}' is not a resource reference; expected collection:<path>, namespace:<name> or namespace:*.";
}
