using AccessControl.Web.Features.Access;

namespace AccessControl.Web.Features.Reports;

/// <summary>What every report says about itself: which report, as of when, and the question in words (for print and files).</summary>
public interface IReport
{
    string Report { get; }
    DateTime AsOf { get; }
    string Question { get; }
    /// <summary>What the report shows, as a table: the CSV download.</summary>
    ReportTable Table();
}

public sealed record ReportTable(string[] Header, IEnumerable<string[]> Rows);

public sealed record WhoCanCounts(int Users, int ServiceAccounts, int Admins, int Total);
public sealed record WhoCanRow(string Subject, string Kind, bool Admin, string? GrantedOn, string Chain, IReadOnlyList<BecauseDto> Because);
public sealed record PathGroup(string Path, int Count);

public sealed record WhoCanReport(
    DateTime AsOf, string Question, string Resource, string? Permission, string? Role, IReadOnlyList<string> Permissions,
    string? NotApplicable, WhoCanCounts Counts, IReadOnlyList<PathGroup> Groups, IReadOnlyList<WhoCanRow> Rows) : IReport
{
    public string Report => "who-can";
    public ReportTable Table() => new(["subject", "kind", "admin", "grantedOn", "chain", "grants"],
        Rows.Select(r => new[] { r.Subject, r.Kind, Bool(r.Admin), r.GrantedOn ?? "", r.Chain, string.Join(' ', r.Because.Select(b => b.Grant)) }));
    internal static string Bool(bool b) => b ? "true" : "false";
}

public sealed record WhatCanRow(string Resource, bool Inherited, IReadOnlyList<string> Permissions, string Chain, IReadOnlyList<BecauseDto> Because);

public sealed record WhatCanReport(
    DateTime AsOf, string Question, string Subject, bool Admin, bool Active, int Resources, int Inherited, IReadOnlyList<WhatCanRow> Rows) : IReport
{
    public string Report => "what-can";
    public ReportTable Table() => new(["resource", "inherited", "permissions", "chain", "grants"],
        Rows.Select(r => new[] { r.Resource, WhoCanReport.Bool(r.Inherited), string.Join(' ', r.Permissions), r.Chain, string.Join(' ', r.Because.Select(b => b.Grant)) }));
}

/// <summary>One resource set where two subjects differ: what only the first holds and what only the second holds.</summary>
public sealed record CompareRow(string Resource, IReadOnlyList<string> OnlyFirst, IReadOnlyList<string> OnlySecond, int Common);

public sealed record CompareReport(
    DateTime AsOf, string Question, string First, string Second, int Same, IReadOnlyList<CompareRow> Rows) : IReport
{
    public string Report => "what-can-compare";
    public ReportTable Table() => new(["resource", "onlyFirst", "onlySecond", "common"],
        Rows.Select(r => new[] { r.Resource, string.Join(' ', r.OnlyFirst), string.Join(' ', r.OnlySecond), r.Common.ToString() }));
}

public sealed record WhyNotReport(
    DateTime AsOf, string Question, string Subject, string Permission, string Resource, CheckResult Decision,
    IReadOnlyList<NearestGrant> Nearest, IReadOnlyList<string> HeldElsewhere) : IReport
{
    public string Report => "why-not";
    public ReportTable Table() => new(["allowed", "denial", "reason", "grant", "subject", "role", "resource", "via", "lacks"],
        Nearest.Count == 0
            ? [[WhoCanReport.Bool(Decision.Allowed), Decision.Denial?.ToString() ?? "", Decision.Reason ?? "", "", "", "", "", "", ""]]
            : Nearest.Select(n => new[] { WhoCanReport.Bool(Decision.Allowed), Decision.Denial?.ToString() ?? "", Decision.Reason ?? "",
                n.Grant.ToString(), n.Subject, n.Role, n.Resource, n.Via, n.Lacks }));
}

/// <summary>A grant on the path that reaches the subject; <c>roleName</c> and its permission count say what it does give.</summary>
public sealed record NearestGrant(Guid Grant, string Subject, string Role, string RoleName, int RolePermissions, string Resource, string Via, string Lacks);

public sealed record MatrixCell(string Row, string Column, string? Role, string? RoleName, int Permissions, double Strength, IReadOnlyList<BecauseDto> Because);

public sealed record MatrixReport(
    DateTime AsOf, string Question, string Rows, string Root, IReadOnlyList<string> RowNames, IReadOnlyList<string> Columns,
    int MaxPermissions, bool Truncated, IReadOnlyList<MatrixCell> Cells) : IReport
{
    public string Report => "matrix";
    /// <summary>One line per row subject, a column per collection holding the strongest role's name (empty: nothing).</summary>
    public ReportTable Table()
    {
        var byCell = Cells.ToDictionary(c => (c.Row, c.Column));
        return new(["subject", .. Columns], RowNames.Select(r => new[] { r }
            .Concat(Columns.Select(c => byCell.TryGetValue((r, c), out var cell) ? cell.RoleName ?? "" : "")).ToArray()));
    }
}

public sealed record ChangeCause(long Entry, DateTime At, string Actor, string Action, string EntityType, string EntityKey, string Operation);

public sealed record ChangeRow(string Subject, string Resource, IReadOnlyList<string> Gained, IReadOnlyList<string> Lost, IReadOnlyList<ChangeCause> Causes);

public sealed record ChangeReport(
    DateTime AsOf, string Question, DateTime From, DateTime To, int Entries, int Gained, int Lost, IReadOnlyList<ChangeRow> Rows) : IReport
{
    public string Report => "changes";
    public ReportTable Table() => new(["subject", "resource", "gained", "lost", "causes"],
        Rows.Select(r => new[] { r.Subject, r.Resource, string.Join(' ', r.Gained), string.Join(' ', r.Lost),
            string.Join(' ', r.Causes.Select(c => $"{c.Entry}:{c.Action}:{c.EntityType}")) }));
}

/// <summary>One change of access: at an instant, by a change (a request), what was gained and lost (as "resource permission" or grant lines).</summary>
public sealed record TimelineEvent(DateTime At, Guid ChangeId, string Actor, string Action, IReadOnlyList<string> Gained, IReadOnlyList<string> Lost);

public sealed record TimelineReport(
    DateTime AsOf, string Question, string Of, DateTime? From, DateTime To, int ChangesExamined, bool Truncated, IReadOnlyList<TimelineEvent> Events) : IReport
{
    public string Report => "timeline";
    public ReportTable Table() => new(["at", "changeId", "actor", "action", "gained", "lost"],
        Events.Select(e => new[] { e.At.ToString("O"), e.ChangeId.ToString(), e.Actor, e.Action, string.Join("; ", e.Gained), string.Join("; ", e.Lost) }));
}

public sealed record RiskFinding(string Kind, string Severity, string Subject, string Resource, string Detail, string Explanation);

public sealed record RiskReport(DateTime AsOf, string Question, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<RiskFinding> Findings) : IReport
{
    public string Report => "risks";
    public ReportTable Table() => new(["kind", "severity", "subject", "resource", "detail", "explanation"],
        Findings.Select(f => new[] { f.Kind, f.Severity, f.Subject, f.Resource, f.Detail, f.Explanation }));
}
