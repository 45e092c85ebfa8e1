using System.Runtime.InteropServices;
using System.Text;
using AccessControl.Bench.Measure;

namespace AccessControl.Bench.Report;

/// <summary>
/// Writes RESULTS.md: the generated part (machine, command, table, targets, chart) goes between two markers, so the
/// hand-written analysis around it survives a new run.
/// </summary>
public static class ResultsFile
{
    public const string Begin = "<!-- generated:begin (bench/AccessControl.Bench rewrites this part) -->";
    public const string End = "<!-- generated:end -->";

    public static void Write(string path, IReadOnlyList<PresetResult> results, string command, bool quick, TimeSpan elapsed, string chartFile)
    {
        var sb = new StringBuilder();
        sb.Append(Begin).Append('\n');
        sb.Append($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {(quick ? "**--quick** (short budgets)" : "full budgets")}, {elapsed.TotalMinutes:N1} min in all.\n\n");
        sb.Append("```\n").Append(command).Append("\n```\n\n");
        sb.Append($"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {TotalMemoryGb():N0} GiB, {RuntimeInformation.OSDescription}, " +
                  $".NET {Environment.Version}, PostgreSQL {PostgresVersion ?? "?"}, node {NodeVersion ?? "?"}. " +
                  $"Load average (1, 5, 15 min) at the start: {LoadAtStart ?? "?"}, at the end: {LoadAverage()} " +
                  "(the cores are shared with other engineers' builds and tests).\n\n");
        sb.Append(ResultsTable.Markdown(results)).Append('\n');
        sb.Append(ScimLine).Append("\n\n");
        var largest = results[^1];
        sb.Append($"Targets of issue 7 point 4, on {largest.Preset.Name}:\n\n| target | measured | met |\n|---|---|---|\n");
        foreach (var (target, measured, met) in ResultsTable.Targets(largest))
            sb.Append($"| {target} | {measured} | {(met is null ? "not measured" : met.Value ? "yes" : "**no**")} |\n");
        sb.Append($"\n![each figure against size]({chartFile})\n");
        sb.Append(End).Append('\n');

        ReplaceSection(path, Begin, End, sb.ToString(), (text, generated) => "# Benchmark results\n\n" + generated + text);
    }

    /// <summary>Puts <paramref name="generated"/> (which starts with <paramref name="begin"/> and ends with
    /// <paramref name="end"/> and a newline) in place of the part between the two markers, or where <paramref name="place"/>
    /// says when the file has none yet.</summary>
    public static void ReplaceSection(string path, string begin, string end, string generated, Func<string, string, string> place)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var b = text.IndexOf(begin, StringComparison.Ordinal);
        var e = text.IndexOf(end, StringComparison.Ordinal);
        text = b >= 0 && e > b
            ? text[..b] + generated + text[(e + end.Length)..].TrimStart('\n')
            : place(text, generated);
        File.WriteAllText(path, text);
    }

    public static string? PostgresVersion { get; set; }
    public static string ScimLine { get; set; } = "SCIM load: not measured (--no-scim).";
    public static string? NodeVersion { get; set; }
    public static string? LoadAtStart { get; set; }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";

    private static double TotalMemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0;

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
