using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Exports;
using AccessControl.Web.Features.History;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Reports;

/// <summary>
/// Access over time, from the audit log: the change report between two instants (who gained or lost which permissions
/// where, and the audit entries that caused it) and the timeline of one subject's or one resource set's access.
/// </summary>
public sealed class ChangeService(HistoryService history, HistoryCheckpoints checkpoints, IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock)
{
    /// <summary>The most changes (requests) a timeline replays; older ones are left out and the answer says so.</summary>
    public const int MaxTimelineChanges = 500;

    public async Task<ChangeReport> ChangesAsync(string? from, string? to, string? filter, CancellationToken ct)
    {
        var v = new Validator().Require("from", from);
        var start = HistoryService.ParseOptional(from, "from", v);
        var end = HistoryService.ParseOptional(to, "to", v) ?? clock.GetUtcNow().UtcDateTime;
        if (start is { } s0 && s0 > end) v.Add("to", "to must not be before from.");
        v.ThrowIfInvalid();
        var fromEntry = await history.EntryAtAsync(start!.Value, ct);
        var toEntry = await history.EntryAtAsync(end, ct);
        var before = await EngineAt(fromEntry, ct);
        var after = await EngineAt(toEntry, ct);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Id > fromEntry && a.Id <= toEntry).OrderBy(a => a.Id)
            .Select(a => new ChangeCause(a.Id, a.At, a.Actor, a.Action, a.EntityType, a.EntityKey, a.Operation)).ToListAsync(ct);
        var byId = entries.ToDictionary(e => e.Entry);
        var rows = AccessEngine.Changes(before, after, entries.Select(RowChangeOf).OfType<RowChange>())
            .Where(r => ReportInputs.Matches(filter, r.Subject, r.Resource))
            .Select(r => new ChangeRow(r.Subject, r.Resource, r.Gained, r.Lost, [.. r.Causes.Select(id => byId[id]).OrderBy(Rank).ThenBy(c => c.Entry)]))
            .ToList();
        return new ChangeReport(end, $"Who gained or lost which permissions between {start:u} and {end:u}, and why?", start.Value, end,
            entries.Count, rows.Sum(r => r.Gained.Count), rows.Sum(r => r.Lost.Count), rows);
    }

    private async Task<AccessEngine> EngineAt(long entry, CancellationToken ct) =>
        entry == 0 ? AccessEngine.Build(AccessModel.Empty) : await history.EngineAtEntryAsync(entry, ct);

    /// <summary>The order causes are listed in: the grants behind the change first, then the subject's own changes and
    /// memberships, then role edits, then the collections and namespaces the access is on (created, moved, renamed).</summary>
    private static int Rank(ChangeCause c) => c.EntityType switch
    {
        nameof(Data.Entities.Grant) => 0,
        nameof(Data.Entities.Role) => 2,
        nameof(Data.Entities.Collection) or nameof(Data.Entities.Namespace) => 3,
        _ => 1,
    };

    /// <summary>The model row an audit entry changed, or null for a row outside the model (a token, a setting, ...).</summary>
    private static RowChange? RowChangeOf(ChangeCause e) => e.EntityType switch
    {
        nameof(Data.Entities.User) => new RowChange(ModelTable.User, e.EntityKey, e.Entry),
        nameof(Data.Entities.Organization) => new RowChange(ModelTable.Org, e.EntityKey, e.Entry),
        nameof(Data.Entities.Team) => new RowChange(ModelTable.Team, e.EntityKey, e.Entry),
        nameof(Data.Entities.OrgMember) => new RowChange(ModelTable.OrgMember, e.EntityKey, e.Entry),
        nameof(Data.Entities.TeamMember) => new RowChange(ModelTable.TeamMember, e.EntityKey, e.Entry),
        nameof(Data.Entities.ServiceAccount) => new RowChange(ModelTable.ServiceAccount, e.EntityKey, e.Entry),
        nameof(Data.Entities.Role) => new RowChange(ModelTable.Role, e.EntityKey, e.Entry),
        nameof(Data.Entities.Collection) => new RowChange(ModelTable.Collection, e.EntityKey, e.Entry),
        nameof(Data.Entities.Namespace) => new RowChange(ModelTable.Namespace, e.EntityKey, e.Entry),
        nameof(Data.Entities.Grant) => new RowChange(ModelTable.Grant, e.EntityKey, e.Entry),
        _ => null,
    };

    public async Task<TimelineReport> TimelineAsync(string? subject, string? resource, string? from, string? to, CancellationToken ct)
    {
        var v = new Validator();
        SubjectRef? s = null;
        ResourceRef? r = null;
        if (string.IsNullOrWhiteSpace(subject) == string.IsNullOrWhiteSpace(resource))
            v.Add("subject", "Name either a subject (e.g. user:alice) or a resource set (e.g. collection:/prod), not both.");
        else if (!string.IsNullOrWhiteSpace(subject)) s = ReportInputs.Subject(subject, "subject", v);
        else r = ReportInputs.Resource(resource, "resource", v);
        var start = HistoryService.ParseOptional(from, "from", v);
        var end = HistoryService.ParseOptional(to, "to", v) ?? clock.GetUtcNow().UtcDateTime;
        v.ThrowIfInvalid();
        var of = s?.ToString() ?? r!.Value.ToString();

        var startEntry = start is { } st ? await history.EntryAtAsync(st, ct) : 0;
        var endEntry = await history.EntryAtAsync(end, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var changes = await AccessModelHistoryQueries.ChangesAsync(db, startEntry, endEntry, ct);
        var truncated = changes.Count > MaxTimelineChanges;
        if (truncated)
        {
            startEntry = changes[^(MaxTimelineChanges + 1)].LastEntry;
            changes = changes[^MaxTimelineChanges..];
        }

        var state = (await checkpoints.ReplayToAsync(startEntry, ct)).Resume();
        var previous = State(AccessEngine.Build(state.ToModel()), s, r);
        var events = new List<TimelineEvent>();
        await using var stream = AccessModelHistory.EntriesAsync(db, startEntry, endEntry).GetAsyncEnumerator(ct);
        var hasNext = await stream.MoveNextAsync();
        foreach (var change in changes)
        {
            while (hasNext && stream.Current.Id <= change.LastEntry)
            {
                state.Apply(stream.Current);
                hasNext = await stream.MoveNextAsync();
            }
            var current = State(AccessEngine.Build(state.ToModel()), s, r);
            var gained = Summarize(current.Except(previous));
            var lost = Summarize(previous.Except(current));
            if (gained.Count > 0 || lost.Count > 0)
                events.Add(new TimelineEvent(change.At, change.ChangeId, change.Actor, change.Action, gained, lost));
            previous = current;
        }
        events.Reverse(); // newest first
        return new TimelineReport(end, $"How did the access of {of} change{(start is null ? "" : $" since {start:u}")}?", of, start, end,
            changes.Count, truncated, events);
    }

    /// <summary>"resource: permission" lines folded into one line per resource (a grant of Full Control is one line, not hundreds).</summary>
    private static List<string> Summarize(IEnumerable<string> lines)
    {
        var (grouped, single) = (new List<string[]>(), new List<string>());
        foreach (var line in lines)
        {
            if (line.StartsWith("collection:", StringComparison.Ordinal) || line.StartsWith("namespace:", StringComparison.Ordinal))
                grouped.Add(line.Split(": ", 2));
            else single.Add(line);
        }
        return grouped.GroupBy(p => p[0], p => p[1]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {Few(g.Order(StringComparer.Ordinal).ToList())}")
            .Concat(single.Order(StringComparer.Ordinal)).ToList();
    }

    private static string Few(List<string> items) =>
        items.Count <= 6 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(6))} and {items.Count - 6} more";

    /// <summary>A subject's access as "resource: permission" lines; a resource set's as "subject: role on resource via membership".</summary>
    private static HashSet<string> State(AccessEngine engine, SubjectRef? subject, ResourceRef? resource)
    {
        try
        {
            if (subject is { } s)
            {
                var e = engine.Effective(s);
                if (e.IsAdmin && e.Active) return ["(admin): every permission everywhere"];
                return e.Entries.SelectMany(x => x.Permissions.Select(p => $"{x.Resource}: {p}")).ToHashSet(StringComparer.Ordinal);
            }
            var r = resource!.Value;
            var path = PathOf(engine, r);
            return AclRows.Grants(engine).Where(g => path.Contains(g.Resource))
                .Select(g => $"{g.Subject}: {g.RoleName} on {g.Resource} via {g.Via}{(g.Active ? "" : " (inactive)")}").ToHashSet(StringComparer.Ordinal);
        }
        catch (UnknownReferenceException)
        {
            return []; // the subject did not exist (yet, or any more)
        }
    }

    private static HashSet<string> PathOf(AccessEngine engine, ResourceRef r)
    {
        if (r.Kind != ResourceKind.Collection) return [r.ToString(), ResourceRef.AllNamespaces.ToString()];
        var c = engine.Index.FindCollection(r.Name);
        return c is null ? [] : engine.Index.SelfAndAncestors(c.Id).Select(id => ResourceRef.Collection(engine.Index.PathOf(id)).ToString()).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>One request's changes to the model: its audit entries share a change id.</summary>
public sealed record ModelChange(Guid ChangeId, long LastEntry, DateTime At, string Actor, string Action);

internal static class AccessModelHistoryQueries
{
    public static async Task<List<ModelChange>> ChangesAsync(AccessControlDbContext db, long afterEntry, long upToEntry, CancellationToken ct)
    {
        var changes = new List<ModelChange>();
        await foreach (var e in AccessModelHistory.EntriesAsync(db, afterEntry, upToEntry).WithCancellation(ct))
        {
            if (changes.Count > 0 && changes[^1].ChangeId == e.ChangeId) changes[^1] = changes[^1] with { LastEntry = e.Id };
            else changes.Add(new ModelChange(e.ChangeId, e.Id, e.At, "", ""));
        }
        var ids = changes.Select(c => c.ChangeId).ToHashSet();
        if (ids.Count == 0) return changes;
        var who = await db.AuditEntries.AsNoTracking().Where(a => a.Id > afterEntry && a.Id <= upToEntry)
            .GroupBy(a => a.ChangeId).Select(g => new { g.Key, Actor = g.Min(a => a.Actor), Action = g.Min(a => a.Action) }).ToListAsync(ct);
        var map = who.ToDictionary(w => w.Key);
        return changes.Select(c => map.TryGetValue(c.ChangeId, out var w) ? c with { Actor = w.Actor, Action = w.Action } : c).ToList();
    }
}
