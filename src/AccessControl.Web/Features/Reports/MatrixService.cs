using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;

namespace AccessControl.Web.Features.Reports;

/// <summary>
/// The access matrix: subjects (active users, or teams) × the collections of a subtree; each cell the strongest role
/// held there (the role of a grant behind the cell with the most permissions that apply to collections), with the
/// grants behind it. Capped at <see cref="MaxRows"/> × <see cref="MaxColumns"/> (the answer says when it was cut).
/// </summary>
public sealed class MatrixService(HistoryService history)
{
    public const int MaxRows = 200;
    public const int MaxColumns = 60;

    public async Task<MatrixReport> MatrixAsync(string? rows, string? root, string? filter, string? asOf, CancellationToken ct)
    {
        rows = string.IsNullOrWhiteSpace(rows) ? "users" : rows;
        var v = new Validator().Check("rows", rows is "users" or "teams" ? null : "rows must be users or teams.");
        var top = ReportInputs.Resource(string.IsNullOrWhiteSpace(root) ? "collection:/" : root, "root", v);
        if (!v.HasErrors && top.Kind != ResourceKind.Collection) v.Add("root", "The matrix shows collections: root must be collection:<path>.");
        v.ThrowIfInvalid();
        var (engine, instant) = await history.AtAsync(asOf, ct);
        var index = engine.Index;
        var rootInfo = index.FindCollection(top.Name) ?? throw new ValidationException("root", $"There is no collection '{top.Name}'.");

        var allColumns = engine.Model.Collections.Where(c => index.IsSelfOrDescendant(c.Id, rootInfo.Id))
            .Select(c => ResourceRef.Collection(index.PathOf(c.Id)).ToString()).Order(StringComparer.Ordinal).ToList();
        var subjects = rows == "users"
            ? engine.Model.Users.Where(u => u.Active).Select(u => SubjectRef.User(u.UserName))
            : engine.Model.Teams.Select(t => SubjectRef.Team(index.Org(t.OrgId)!.Name, t.Name));
        var allRows = subjects.Select(s => s.ToString()).Where(s => ReportInputs.Matches(filter, s)).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var columns = allColumns.Take(MaxColumns).ToList();
        var rowNames = allRows.Take(MaxRows).ToList();
        var columnSet = columns.ToHashSet(StringComparer.Ordinal);

        var strength = engine.Model.Roles.ToDictionary(r => r.Id, r => ReportService.CollectionPermissions(r, engine.Catalog), StringComparer.Ordinal);
        var max = engine.Catalog.All.Count(p => Applicability.Applies(p, ResourceKind.Collection));
        var cells = new List<MatrixCell>();
        foreach (var row in rowNames)
        {
            var effective = engine.Effective(SubjectRef.Parse(row));
            foreach (var e in effective.Entries)
            {
                if (!columnSet.Contains(e.Resource)) continue;
                var strongest = e.Because.OrderByDescending(b => strength.GetValueOrDefault(b.Role)).FirstOrDefault();
                var role = effective.IsAdmin ? null : strongest?.Role;
                var name = effective.IsAdmin ? "admin" : role is null ? null : index.Role(role)?.Name ?? role;
                cells.Add(new MatrixCell(row, e.Resource, role, name, e.Permissions.Length, max == 0 ? 0 : (double)e.Permissions.Length / max, Chains.Dto(e.Because)));
            }
        }
        return new MatrixReport(instant, $"Which {rows} hold which role on the collections under {top}?", rows, top.ToString(),
            rowNames, columns, max, allColumns.Count > columns.Count || allRows.Count > rowNames.Count, cells);
    }
}
