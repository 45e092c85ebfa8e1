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

        var affected = Affected.Subjects(entries, before, after);
        var then = Effective(before, affected);
        var now = Effective(after, affected);
        var causes = new CauseIndex(entries, before, after);
        var rows = new List<ChangeRow>();
        foreach (var key in then.Keys.Union(now.Keys).Order())
        {
            if (!ReportInputs.Matches(filter, key.Subject, key.Resource)) continue;
            var a = then.GetValueOrDefault(key);
            var b = now.GetValueOrDefault(key);
            var gained = (b?.Permissions ?? []).Except(a?.Permissions ?? []).Order(StringComparer.Ordinal).ToList();
            var lost = (a?.Permissions ?? []).Except(b?.Permissions ?? []).Order(StringComparer.Ordinal).ToList();
            if (gained.Count == 0 && lost.Count == 0) continue;
            rows.Add(new ChangeRow(key.Subject, key.Resource, gained, lost, causes.Of(key.Subject, a, b)));
        }
        return new ChangeReport(end, $"Who gained or lost which permissions between {start:u} and {end:u}, and why?", start.Value, end,
            entries.Count, rows.Sum(r => r.Gained.Count), rows.Sum(r => r.Lost.Count), rows);
    }

    private async Task<AccessEngine> EngineAt(long entry, CancellationToken ct) =>
        entry == 0 ? AccessEngine.Build(AccessModel.Empty) : await history.EngineAtEntryAsync(entry, ct);

    private static Dictionary<(string Subject, string Resource), EffectiveRow> Effective(AccessEngine engine, IReadOnlySet<string>? only) =>
        AclRows.Effective(engine, only).ToDictionary(r => (r.Subject, r.Resource));

    /// <summary>
    /// The audit entries in the window that touched what a row depends on: the grants behind it (before and after),
    /// their roles, the subject's own row and its memberships. Indexed once, so a report of many rows stays linear.
    /// </summary>
    private sealed class CauseIndex
    {
        private readonly ILookup<(string Type, string Key), ChangeCause> byKey;
        private readonly ILookup<string, ChangeCause> membershipsByPart;
        private readonly Dictionary<string, string> roleOfGrant = new(StringComparer.OrdinalIgnoreCase);
        private readonly AccessEngine[] engines;

        public CauseIndex(List<ChangeCause> entries, AccessEngine before, AccessEngine after)
        {
            byKey = entries.ToLookup(e => (e.EntityType, e.EntityKey.ToLowerInvariant()));
            membershipsByPart = entries.Where(e => e.EntityType is "TeamMember" or "OrgMember")
                .SelectMany(e => e.EntityKey.Split('/').Select(part => (Part: part.ToLowerInvariant(), Entry: e)))
                .ToLookup(x => x.Part, x => x.Entry);
            engines = [before, after];
            foreach (var g in before.Model.Grants.Concat(after.Model.Grants)) roleOfGrant[g.Id.ToString()] = g.RoleId;
        }

        public List<ChangeCause> Of(string subject, EffectiveRow? a, EffectiveRow? b)
        {
            var found = new List<ChangeCause>();
            var grants = (a?.Grants ?? []).Concat(b?.Grants ?? []).Select(g => g.ToString()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var g in grants) found.AddRange(byKey[("Grant", g.ToLowerInvariant())]);
            foreach (var role in grants.Select(g => roleOfGrant.GetValueOrDefault(g)).OfType<string>().Distinct(StringComparer.Ordinal))
                found.AddRange(byKey[("Role", role.ToLowerInvariant())]);
            if (SubjectRef.TryParse(subject, out var s))
                foreach (var id in engines.Select(e => IdOf(e, s)).OfType<string>().Distinct())
                {
                    found.AddRange(byKey[(s.Kind == SubjectKind.User ? "User" : "ServiceAccount", id)]);
                    found.AddRange(membershipsByPart[id]);
                }
            return [.. found.DistinctBy(c => c.Entry).OrderBy(c => c.Entry)];
        }

        private static string? IdOf(AccessEngine engine, SubjectRef s) => s.Kind switch
        {
            SubjectKind.User => engine.Index.FindUser(s.Name)?.Id.ToString(),
            SubjectKind.ServiceAccount => engine.Index.FindServiceAccount(s.Split().Left, s.Split().Right)?.Id.ToString(),
            _ => null,
        };
    }

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
