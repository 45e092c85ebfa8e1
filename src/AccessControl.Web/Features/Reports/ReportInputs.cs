using AccessControl.Core.Model;
using AccessControl.Web.Features.Access;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.Reports;

/// <summary>Parsing of report parameters: each malformed one is named in the 400 (see <see cref="Validator"/>).</summary>
internal static class ReportInputs
{
    public static SubjectRef Subject(string? text, string field, Validator v) => AccessService.ParseSubject(text, field, v);

    public static ResourceRef Resource(string? text, string field, Validator v) => AccessService.ParseResource(text, field, v);

    public static bool Matches(string? filter, params string?[] values) =>
        string.IsNullOrWhiteSpace(filter) || values.Any(x => x?.Contains(filter.Trim(), StringComparison.OrdinalIgnoreCase) == true);
}
