using AccessControl.Core.Engine;

namespace AccessControl.Web.Features.Access;

public sealed record CheckRequest(string? Subject, string? Permission, string? Resource);

public sealed record CheckBatchRequest(IReadOnlyList<CheckRequest?>? Checks);

public sealed record BecauseDto(Guid Grant, string Subject, string Role, string Resource, string Via, string? InheritedFrom)
{
    public static IReadOnlyList<BecauseDto> From(IEnumerable<Because> because) =>
        because.Select(b => new BecauseDto(b.Grant, b.Subject, b.Role, b.Resource, b.Via, b.InheritedFrom)).ToList();
}

/// <summary>A grant on the path that reaches the subject but lacks the permission asked about.</summary>
public sealed record NearestDto(Guid Grant, string Subject, string Role, string Resource, string Via, string Lacks);

/// <summary>
/// The answer to a check (api.md "Decisions"). When not allowed, <c>because</c> is empty, <c>reason</c> says why and
/// <c>denial</c> names the kind (inactive, notApplicable, noGrant); <c>nearest</c> and <c>admin</c> appear only when they apply.
/// </summary>
public sealed record CheckResult(
    bool Allowed, IReadOnlyList<BecauseDto> Because, string? Reason, DenialReason? Denial, IReadOnlyList<NearestDto>? Nearest, bool? Admin)
{
    public static CheckResult From(Decision d) => new(
        d.Allowed,
        d.Allowed ? BecauseDto.From(d.Because) : [],
        d.Allowed ? null : d.Reason,
        d.Allowed ? null : d.Denial,
        d.Nearest.IsDefaultOrEmpty ? null : d.Nearest.Select(n => new NearestDto(n.Grant, n.Subject, n.Role, n.Resource, n.Via, n.Lacks)).ToList(),
        d.ViaAdmin ? true : null);
}

public sealed record CheckBatchResult(IReadOnlyList<CheckResult> Results);

public sealed record WhoCanUserDto(string UserName, bool? Admin, IReadOnlyList<BecauseDto> Because);
public sealed record WhoCanServiceAccountDto(string Namespace, string Name, IReadOnlyList<BecauseDto> Because);

/// <summary><c>notApplicable</c> is set (and both lists empty) when the permission does not apply to that kind of resource set.</summary>
public sealed record WhoCanDto(IReadOnlyList<WhoCanUserDto> Users, IReadOnlyList<WhoCanServiceAccountDto> ServiceAccounts, string? NotApplicable)
{
    public static WhoCanDto From(WhoCanResult r) => new(
        r.Users.Select(u => new WhoCanUserDto(u.UserName, u.IsAdmin ? true : null, BecauseDto.From(u.Because))).ToList(),
        r.ServiceAccounts.Select(s => new WhoCanServiceAccountDto(s.Namespace, s.Name, BecauseDto.From(s.Because))).ToList(),
        r.NotApplicable);
}

public sealed record EffectiveEntryDto(string Resource, IReadOnlyList<string> Permissions, IReadOnlyList<BecauseDto> Because);

public sealed record EffectiveDto(string Subject, bool Admin, bool Active, IReadOnlyList<EffectiveEntryDto> Entries)
{
    public static EffectiveDto From(EffectiveResult r) => new(r.Subject, r.IsAdmin, r.Active,
        r.Entries.Select(e => new EffectiveEntryDto(e.Resource, e.Permissions, BecauseDto.From(e.Because))).ToList());
}
