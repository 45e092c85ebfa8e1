using System.Globalization;
using System.Text;
using AccessControl.Bench.Measure;

namespace AccessControl.Bench.Report;

/// <summary>The one comparison table: a row per figure, a column per preset, then issue 7's target on large.</summary>
public static class ResultsTable
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public static string N(double? v, int decimals = 0) => v is { } x && !double.IsNaN(x) ? x.ToString("N" + decimals, En) : "–";
    private static string P(Percentiles? p, int d) => p is null || p.Count == 0 ? "–" : $"{N(p.P50, d)} / {N(p.P95, d)} / {N(p.P99, d)}";
    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 && !double.IsNaN(x) && !double.IsNaN(y) ? $"{N(x / y, x / y < 10 ? 1 : 0)}×" : "–";

    private static readonly string[] UpdateKinds =
        ["grant added", "grant deleted", "membership added", "user deactivated", "role edited", "user created", "collection created"];

    public static string Markdown(IReadOnlyList<PresetResult> results)
    {
        var rows = new List<(string Figure, Func<PresetResult, string> Value, string Target)>
        {
            ("users / collections / grants", r => $"{N(r.Users)} / {N(r.Collections)} / {N(r.Grants)}", ""),
            ("generate model, ms", r => N(r.GenerateMs), ""),
            ("bulk load (binary COPY), ms", r => N(r.CopyLoadMs), ""),
            ("snapshot from PostgreSQL: load + build, ms", r => $"{N(r.SnapshotLoadMs)} + {N(r.SnapshotBuildMs)}", "< 5,000 ms"),
            ("snapshot heap (model + engine), MB", r => N(r.SnapshotHeapMb), "< 1,536 MB"),
            ("incremental update, ms: " + string.Join("; ", UpdateKinds), r => string.Join("; ", UpdateKinds.Select(k => N(r.UpdateApplyMs.GetValueOrDefault(k, double.NaN), 1))), ""),
            ("incremental update, ms of CPU time (same kinds)", r => string.Join("; ", UpdateKinds.Select(k => N(r.UpdateApplyCpuMs.GetValueOrDefault(k, double.NaN), 1))), ""),
            ("**change visible**: read the touched rows from PostgreSQL + apply, ms", r => $"{N(r.UpdateReadMs, 1)} + {N(r.UpdateFromPostgresMs - r.UpdateReadMs, 1)}", "< 50 ms"),
            ("**engine check**, decisions/s (1 thread)", r => N(r.CheckPerSecond), "≥ 2,000,000"),
            ("engine check per second of CPU time (the figure with a core to itself)", r => N(r.CheckPerCpuSecond), ""),
            ("engine check latency p50 / p95 / p99, µs", r => P(r.CheckLatencyUs, 2), "p99 < 5 µs"),
            ("engine check allocation, bytes/call (share allowed)", r => $"{N(r.CheckBytesPerCall)} ({N(r.AllowedShare * 100)}% yes)", "0"),
            ("engine check with its explanation (`Check` → `Decision`), decisions/s; bytes/call", r => $"{N(r.ExplainedCheckPerSecond)}; {N(r.ExplainedCheckBytesPerCall)}", ""),
            ("**engine who-can** p50 / p95 / p99, ms", r => P(r.WhoCanMs, 2), "p95 ≤ 20 ms"),
            ("who-can mean answer size (users + accounts)", r => N(r.WhoCanMeanAnswer), ""),
            ("engine effective(user) p50 / p95 / p99, ms", r => P(r.EffectiveMs, 3), ""),
            ("effective-ACL walk (engine side), rows/s", r => N(r.ExportRowsPerSecond), "≥ 1,000,000"),
            ("effective-ACL walk per second of CPU time, rows/s", r => N(r.ExportRowsPerCpuSecond), ""),
            ("effective-ACL walk: rows (subjects), heap growth MB", r => $"{N(r.ExportRows)} ({N(r.ExportSubjects)}), {N(r.ExportHeapGrowthMb)}", ""),
            ("dashboard: active users with access per collection (one tree walk), ms (collections counted)", r => $"{N(r.DashboardAudienceMs, 1)} ({N(r.DashboardAudienceCollections)})", ""),
            ("node-casbin check, decisions/s", r => r.CasbinError is null ? N(r.CasbinPerSecond, 1) : "failed: " + r.CasbinError, ""),
            ("node-casbin latency p50 / p95 / p99, µs", r => P(r.CasbinLatencyUs, 0), ""),
            ("node-casbin policy lines, load ms", r => $"{N(r.CasbinPolicyLines)}, {N(r.CasbinLoadMs)}", ""),
            ("PostgreSQL CTE check, decisions/s", r => N(r.CtePerSecond, 1), ""),
            ("PostgreSQL CTE check p50 / p95 / p99, ms", r => P(r.CteCheckMs, 2), ""),
            ("PostgreSQL CTE who-can p50 / p95 / p99, ms", r => P(r.CteWhoCanMs, 1), ""),
            ("grants grid: count + page of 50 by creation p50 / p95 / p99, ms", r => P(r.GrantsGridCreatedMs, 1), ""),
            ("grants grid: count + page of 50 by subject name p50 / p95 / p99, ms", r => P(r.GrantsGridSubjectMs, 1), "p95 < 500 ms"),
            ("grants grid: slowest other sort or filtered view p50 / p95 / p99, ms",
                r => r.GrantsGridOthersMs is null ? "–" : $"{P(r.GrantsGridOthersMs, 1)} ({r.GrantsGridOthersWorst})", "p95 < 500 ms"),
            ("brute-force oracle check, decisions/s", r => N(r.OraclePerSecond, 1), ""),
            ("HTTP POST /access/check-batch, decisions/s", r => r.HttpDecisionsPerSecond is { } h ? N(h) : r.HttpNote, "≥ 100,000"),
            ("HTTP check-batch per second of the app's CPU time (client excluded)", r => N(r.HttpDecisionsPerAppCpuSecond), ""),
            ("**ratio** engine / node-casbin check throughput", r => Ratio(r.CheckPerSecond, r.CasbinPerSecond), "≥ 20×"),
            ("**ratio** engine / CTE check throughput", r => Ratio(r.CheckPerSecond, r.CtePerSecond), ""),
            ("**ratio** CTE / engine who-can latency (p50; p95)", r => $"{Ratio(r.CteWhoCanMs?.P50, r.WhoCanMs.P50)}; {Ratio(r.CteWhoCanMs?.P95, r.WhoCanMs.P95)}", "≥ 50×"),
            ("**ratio** engine / oracle check throughput", r => Ratio(r.CheckPerSecond, r.OraclePerSecond), ""),
            ("answers equal to the engine's: casbin; CTE check; CTE who-can; oracle; HTTP",
                r => $"{r.CasbinAgreement?.ToString() ?? "–"}; {r.CteAgreement}; {r.CteWhoCanAgreement}; {r.OracleAgreement}; {r.HttpAgreement?.ToString() ?? "–"}", "all"),
        };
        var sb = new StringBuilder();
        sb.Append("| figure | ").AppendJoin(" | ", results.Select(r => r.Preset.Name)).Append(" | target (large) |\n");
        sb.Append("|---|").Append(string.Concat(results.Select(_ => "---:|"))).Append("---|\n");
        foreach (var (figure, value, target) in rows)
            sb.Append("| ").Append(figure).Append(" | ").AppendJoin(" | ", results.Select(value)).Append(" | ").Append(target).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>Issue 7's targets on the largest preset run: (target, measured, met).</summary>
    public static IEnumerable<(string Target, string Measured, bool? Met)> Targets(PresetResult r)
    {
        var snapshot = r.SnapshotLoadMs + r.SnapshotBuildMs;
        yield return ("snapshot from PostgreSQL < 5 s", $"{N(snapshot)} ms", snapshot < 5000);
        yield return ("snapshot memory < 1.5 GB", $"{N(r.SnapshotHeapMb)} MB managed heap", r.SnapshotHeapMb < 1536);
        // One delta of a grant, a membership and a user, read from PostgreSQL and applied: what another instance does.
        yield return ("single change visible < 50 ms", $"{N(r.UpdateFromPostgresMs, 1)} ms (read {N(r.UpdateReadMs, 1)} + apply {N(r.UpdateFromPostgresMs - r.UpdateReadMs, 1)})",
            r.UpdateFromPostgresMs < 50);
        yield return ("check ≥ 2,000,000/s per core", N(r.CheckPerSecond), r.CheckPerSecond >= 2_000_000);
        yield return ("check p99 < 5 µs", $"{N(r.CheckLatencyUs.P99, 2)} µs", r.CheckLatencyUs.P99 < 5);
        yield return ("≥ 20× node-casbin check throughput", Ratio(r.CheckPerSecond, r.CasbinPerSecond),
            r.CasbinPerSecond is { } c ? r.CheckPerSecond / c >= 20 : null);
        yield return ("who-can p95 ≤ 20 ms", $"{N(r.WhoCanMs.P95, 2)} ms", r.WhoCanMs.P95 <= 20);
        yield return ("who-can ≥ 50× the recursive CTE (p50)", Ratio(r.CteWhoCanMs?.P50, r.WhoCanMs.P50),
            r.CteWhoCanMs is { } w ? w.P50 / r.WhoCanMs.P50 >= 50 : null);
        yield return ("effective export ≥ 1,000,000 rows/s", N(r.ExportRowsPerSecond), r.ExportRowsPerSecond >= 1_000_000);
        yield return ("HTTP check-batch ≥ 100,000/s", r.HttpDecisionsPerSecond is { } h ? N(h) : r.HttpNote,
            r.HttpDecisionsPerSecond is { } hh ? hh >= 100_000 : null);
    }
}
