using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Access;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.History;

namespace AccessControl.Web.Features.Reports;

/// <summary>Query of the who-can report: a resource set and a permission or a role (all of its applicable permissions).</summary>
public sealed record WhoCanQuery(string? Resource, string? Permission, string? Role, string? Filter = null, string? Kind = null, string? Sort = null, string? AsOf = null);

/// <summary>
/// The auditors' decision reports — who can, what can (and compare), why not — answered by the engine as of an instant
/// (<see cref="HistoryService"/>), explained by the engine's own <see cref="Because"/> chains.
/// </summary>
public sealed class ReportService(HistoryService history)
{
    public async Task<WhoCanReport> WhoCanAsync(WhoCanQuery q, CancellationToken ct)
    {
        var v = new Validator();
        var resource = ReportInputs.Resource(q.Resource, "resource", v);
        if (string.IsNullOrWhiteSpace(q.Permission) == string.IsNullOrWhiteSpace(q.Role))
            v.Add("permission", "Name either a permission (e.g. container.exec) or a role (all of its permissions), not both.");
        v.Check("kind", q.Kind is null or "" or "all" or "users" or "serviceAccounts" ? null : "kind must be all, users or serviceAccounts.");
        v.Check("sort", q.Sort is null or "" or "subject" or "path" or "via" ? null : "sort must be subject, path or via.");
        v.ThrowIfInvalid();
        var (engine, instant) = await history.AtAsync(q.AsOf, ct);

        string[] permissions;
        string? notApplicable = null;
        if (!string.IsNullOrWhiteSpace(q.Role))
        {
            var role = engine.Index.FindRole(q.Role) ?? throw new ValidationException("role", $"There is no role '{q.Role}'.");
            permissions = [.. role.Permissions.Where(p => engine.Catalog.TryGet(p, out var perm) && Applicability.Applies(perm, resource.Kind)).Order(StringComparer.Ordinal)];
            if (permissions.Length == 0) notApplicable = $"{role.Name} holds no permission that applies to {resource}.";
        }
        else permissions = [q.Permission!];

        var rows = notApplicable is null ? Holders(engine, permissions, resource, out notApplicable) : [];
        var filtered = rows
            .Where(r => q.Kind is null or "" or "all" || (q.Kind == "users") == (r.Kind == "user"))
            .Where(r => ReportInputs.Matches(q.Filter, r.Subject, r.Chain))
            .ToList();
        IEnumerable<WhoCanRow> sorted = q.Sort switch
        {
            "path" => filtered.OrderBy(r => r.GrantedOn ?? "", StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.OrdinalIgnoreCase),
            "via" => filtered.OrderBy(r => r.Because.FirstOrDefault()?.Via ?? "", StringComparer.Ordinal).ThenBy(r => r.Subject, StringComparer.OrdinalIgnoreCase),
            _ => filtered,
        };
        var list = sorted.ToList();
        var counts = new WhoCanCounts(list.Count(r => r.Kind == "user"), list.Count(r => r.Kind == "serviceAccount"), list.Count(r => r.Admin), list.Count);
        var groups = list.GroupBy(r => r.GrantedOn ?? "(admin)").Select(g => new PathGroup(g.Key, g.Count()))
            .OrderBy(g => g.Path, StringComparer.Ordinal).ToList();
        var what = q.Role is { Length: > 0 } ? $"every permission of role {q.Role}" : q.Permission;
        return new WhoCanReport(instant, $"Who can {what} on {resource}?", resource.ToString(), q.Permission, q.Role, permissions,
            notApplicable, counts, groups, list);
    }

    /// <summary>Subjects holding every one of <paramref name="permissions"/> on the resource, with the grants behind them.</summary>
    private static List<WhoCanRow> Holders(AccessEngine engine, string[] permissions, ResourceRef resource, out string? notApplicable)
    {
        Dictionary<string, (string Kind, bool Admin, Dictionary<Guid, Because> Because)>? holders = null;
        notApplicable = null;
        foreach (var permission in permissions)
        {
            var result = engine.WhoCan(permission, resource);
            if (result.NotApplicable is not null) { notApplicable = result.NotApplicable; return []; }
            var these = result.Users.Select(u => (Ref: SubjectRef.User(u.UserName).ToString(), Kind: "user", u.IsAdmin, u.Because))
                .Concat(result.ServiceAccounts.Select(s => (Ref: SubjectRef.ServiceAccount(s.Namespace, s.Name).ToString(), Kind: "serviceAccount", IsAdmin: false, s.Because)))
                .ToDictionary(x => x.Ref, StringComparer.Ordinal);
            if (holders is null)
                holders = these.ToDictionary(x => x.Key, x => (x.Value.Kind, x.Value.IsAdmin, x.Value.Because.ToDictionary(b => b.Grant)), StringComparer.Ordinal);
            else
                foreach (var key in holders.Keys.ToList())
                {
                    if (!these.TryGetValue(key, out var h)) { holders.Remove(key); continue; }
                    foreach (var b in h.Because) holders[key].Because.TryAdd(b.Grant, b);
                }
        }
        return (holders ?? []).Select(h =>
        {
            var because = h.Value.Because.Values.OrderBy(b => b.InheritedFrom is null ? 0 : 1).ThenBy(b => b.Resource.Length * -1).ThenBy(b => b.Grant).ToList();
            return new WhoCanRow(h.Key, h.Value.Kind, h.Value.Admin, h.Value.Admin ? null : Chains.GrantedOn(because),
                Chains.Of(because, h.Key, h.Value.Admin), Chains.Dto(because));
        }).ToList();
    }

    public async Task<WhatCanReport> WhatCanAsync(string? subject, string? filter, string? asOf, CancellationToken ct)
    {
        var v = new Validator();
        var s = ReportInputs.Subject(subject, "subject", v);
        v.ThrowIfInvalid();
        var (engine, instant) = await history.AtAsync(asOf, ct);
        var effective = engine.Effective(s);
        var rows = effective.Entries
            .Where(e => ReportInputs.Matches(filter, [e.Resource, .. e.Permissions]))
            .Select(e => new WhatCanRow(e.Resource, e.Because.Length > 0 && e.Because.All(b => b.InheritedFrom is not null),
                FilterPermissions(e.Permissions, filter, e.Resource), Chains.Of(e.Because, effective.Subject, effective.IsAdmin), Chains.Dto(e.Because)))
            .ToList();
        return new WhatCanReport(instant, $"What can {s} do, and where?", effective.Subject, effective.IsAdmin, effective.Active,
            rows.Count, rows.Count(r => r.Inherited), rows);
    }

    /// <summary>A filter that names a permission narrows each row to the matching permissions; one that names the resource keeps all.</summary>
    private static IReadOnlyList<string> FilterPermissions(IReadOnlyList<string> permissions, string? filter, string resource) =>
        string.IsNullOrWhiteSpace(filter) || ReportInputs.Matches(filter, resource) ? permissions
            : permissions.Where(p => ReportInputs.Matches(filter, p)).ToList();

    public async Task<CompareReport> CompareAsync(string? first, string? second, string? asOf, CancellationToken ct)
    {
        var v = new Validator();
        var a = ReportInputs.Subject(first, "first", v);
        var b = ReportInputs.Subject(second, "second", v);
        v.ThrowIfInvalid();
        var (engine, instant) = await history.AtAsync(asOf, ct);
        var ea = engine.Effective(a).Entries.ToDictionary(e => e.Resource, e => e.Permissions.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var eb = engine.Effective(b).Entries.ToDictionary(e => e.Resource, e => e.Permissions.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var rows = new List<CompareRow>();
        var same = 0;
        foreach (var resource in ea.Keys.Union(eb.Keys).Order(StringComparer.Ordinal))
        {
            var pa = ea.GetValueOrDefault(resource) ?? [];
            var pb = eb.GetValueOrDefault(resource) ?? [];
            var onlyA = pa.Except(pb).Order(StringComparer.Ordinal).ToList();
            var onlyB = pb.Except(pa).Order(StringComparer.Ordinal).ToList();
            if (onlyA.Count == 0 && onlyB.Count == 0) { same++; continue; }
            rows.Add(new CompareRow(resource, onlyA, onlyB, pa.Intersect(pb).Count()));
        }
        return new CompareReport(instant, $"What can {a} do that {b} cannot, and the other way round?", a.ToString(), b.ToString(), same, rows);
    }

    public async Task<WhyNotReport> WhyNotAsync(string? subject, string? permission, string? resource, string? asOf, CancellationToken ct)
    {
        var v = new Validator().Require("permission", permission);
        var s = ReportInputs.Subject(subject, "subject", v);
        var r = ReportInputs.Resource(resource, "resource", v);
        v.ThrowIfInvalid();
        var (engine, instant) = await history.AtAsync(asOf, ct);
        var decision = engine.Check(s, permission!, r);
        var nearest = decision.Nearest.IsDefaultOrEmpty ? [] : decision.Nearest.Select(n =>
        {
            var role = engine.Index.Role(n.Role);
            return new NearestGrant(n.Grant, n.Subject, n.Role, role?.Name ?? n.Role, role?.Permissions.Length ?? 0, n.Resource, n.Via, n.Lacks);
        }).ToList();
        // Where the subject does hold the permission: often the answer to "why not here" is "it is granted over there".
        var elsewhere = decision.Allowed || decision.Denial != DenialReason.NoGrant ? []
            : engine.Effective(s).Entries.Where(e => e.Permissions.Contains(permission!)).Select(e => e.Resource).Take(20).ToList();
        return new WhyNotReport(instant, $"Why can {s} not {permission} on {r}?", s.ToString(), permission!, r.ToString(),
            CheckResult.From(decision), nearest, elsewhere);
    }

    /// <summary>The applicable permission count of a role on collections (its strength in the matrix).</summary>
    internal static int CollectionPermissions(RoleInfo role, PermissionCatalog catalog) =>
        role.Permissions.Count(p => catalog.TryGet(p, out var perm) && Applicability.Applies(perm, ResourceKind.Collection));
}
