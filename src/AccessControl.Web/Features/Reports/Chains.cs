using AccessControl.Core.Engine;
using AccessControl.Web.Features.Access;

namespace AccessControl.Web.Features.Reports;

/// <summary>The engine's explanations (<see cref="Because"/>) in words: grant → via membership → inherited from collection.</summary>
public static class Chains
{
    public static string Of(Because b, string subject)
    {
        var via = b.Via == subject ? "granted directly" : $"via {b.Via}";
        var inherited = b.InheritedFrom is null ? "" : ", inherited";
        return $"{b.Role} on {b.Resource} ({via}{inherited})";
    }

    public static string Of(IEnumerable<Because> because, string subject, bool admin = false) =>
        admin ? "admin: holds every permission" : string.Join("; ", because.Select(b => Of(b, subject)));

    public static IReadOnlyList<BecauseDto> Dto(IEnumerable<Because> because) => BecauseDto.From(because);

    /// <summary>Where a subject's access is granted: the nearest grant's resource set.</summary>
    public static string? GrantedOn(IReadOnlyList<Because> because) => because.Count == 0 ? null : because[0].Resource;
}
