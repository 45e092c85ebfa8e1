using System.Diagnostics;
using AccessControl.Bench.Export;
using AccessControl.Core.Export;
using AccessControl.Bench.Generation;
using AccessControl.Bench.Measure;
using AccessControl.Bench.Postgres;
using AccessControl.Bench.Report;
using Npgsql;

namespace AccessControl.Bench;

/// <summary>The whole benchmark run: every preset in turn, then the table, RESULTS.md and the chart.</summary>
public static class Harness
{
    public static async Task<int> RunAsync(Options options, TextWriter output)
    {
        if (options.Help) { output.WriteLine(Options.Usage); return 0; }
        if (options.Bdn)
        {
            // Artifacts under .tmp/ (git-ignored), not in the working directory.
            var config = BenchmarkDotNet.Configs.ManualConfig.Create(BenchmarkDotNet.Configs.DefaultConfig.Instance).WithArtifactsPath(Path.Combine(Peers.RepoPaths.Root, ".tmp", "bdn"));
            BenchmarkDotNet.Running.BenchmarkRunner.Run<CheckBenchmarks>(config);
            return 0;
        }
        if (options.WriteModel is { } wm)
        {
            await using var file = File.Create(wm.Path);
            ModelDocument.Write(ScaleGenerator.Generate(Preset.Parse(wm.Preset), PresetRun.Seed), file);
            return 0;
        }
        if (options.WriteCasbin is { } wc)
        {
            Directory.CreateDirectory(wc.Path);
            await File.WriteAllTextAsync(Path.Combine(wc.Path, "model.conf"), CasbinPolicy.ModelConf + "\n");
            await using var w = new StreamWriter(Path.Combine(wc.Path, "policy.csv"));
            CasbinPolicy.Write(ScaleGenerator.Generate(Preset.Parse(wc.Preset), PresetRun.Seed).Model, w);
            return 0;
        }

        if (options.EngineOnly)
        {
            EngineOnly(options, output);
            return 0;
        }

        var started = Stopwatch.StartNew();
        ResultsFile.LoadAtStart = ResultsFile.LoadAverage();
        void Log(string line) => output.WriteLine($"[{started.Elapsed:mm\\:ss}] {line}");
        Log($"presets: {string.Join(", ", options.Presets.Select(p => p.Name))}{(options.Quick ? " (--quick)" : "")}; results to {options.OutDir}");

        using var server = options.Postgres is null ? ThrowawayPostgres.Start(options.Port) : null;
        var connectionString = options.Postgres ?? server!.ConnectionString;
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync();
            ResultsFile.PostgresVersion = conn.PostgreSqlVersion.ToString();
        }
        ResultsFile.NodeVersion = Options.NodeVersion();
        if (options.Reports is { } reports)
        {
            await ReportPagesRun.RunAsync(reports, connectionString, Path.Combine(options.OutDir, "RESULTS.md"), Log);
            return 0;
        }
        if (options.History is { } history)
        {
            await HistoryRun.RunAsync(history, connectionString, Path.Combine(options.OutDir, "RESULTS.md"), Log);
            return 0;
        }
        if (options.ScimOnly)
        {
            Log($"load average at start: {ResultsFile.LoadAverage()}");
            await ScimAsync(options, connectionString, Log);
            Log($"load average at end: {ResultsFile.LoadAverage()}");
            output.WriteLine(ResultsFile.ScimLine);
            return 0;
        }

        var workDir = Path.Combine(Path.GetTempPath(), $"accesscontrol-bench-{Environment.ProcessId}");
        var results = new List<PresetResult>();
        try
        {
            foreach (var preset in options.Presets)
                results.Add(await new PresetRun(preset, options.Quick ? Budget.Quick : Budget.Full, connectionString, workDir, !options.NoHttp, Log).RunAsync());
        }
        finally
        {
            if (!options.NoScim) await ScimAsync(options, connectionString, Log);
            try { Directory.Delete(workDir, recursive: true); } catch (DirectoryNotFoundException) { }
        }

        var table = ResultsTable.Markdown(results);
        output.WriteLine();
        output.WriteLine(table);
        output.WriteLine(ResultsFile.ScimLine);
        foreach (var (target, measured, met) in ResultsTable.Targets(results[^1]))
            output.WriteLine($"  {(met is null ? "n/a " : met.Value ? "met " : "MISS")}  {target}: {measured}");

        Directory.CreateDirectory(options.OutDir);
        var chart = Path.Combine(options.OutDir, "results.png");
        ResultsChart.Save(results, chart);
        ResultsFile.Write(Path.Combine(options.OutDir, "RESULTS.md"), results, options.CommandLine, options.Quick, started.Elapsed, "results.png");
        Log($"wrote {Path.Combine(options.OutDir, "RESULTS.md")} and {chart}");
        return 0;
    }

    /// <summary>--engine-only: the engine's figures on the generated model, built in memory, with the load average.</summary>
    private static void EngineOnly(Options options, TextWriter output)
    {
        foreach (var preset in options.Presets)
        {
            var budget = options.Quick ? Budget.Quick : Budget.Full;
            var model = ScaleGenerator.Generate(preset, PresetRun.Seed).Model;
            var sw = Stopwatch.StartNew();
            var engine = Core.Engine.AccessEngine.Build(model);
            var result = new PresetResult { Preset = preset, SnapshotBuildMs = sw.Elapsed.TotalMilliseconds };
            var load = ResultsFile.LoadAverage();
            UpdateMeasurements.ApplyEach(engine, model, result);
            var questions = Questions.Draw(model, PresetRun.Seed + 7, checks: 10_000, budget.WhoCanQuestions, budget.EffectiveUsers);
            EngineMeasurements.Run(engine, model, questions, budget, result);
            output.WriteLine($"{preset.Name}: load average {load} → {ResultsFile.LoadAverage()}; build {result.SnapshotBuildMs:N0} ms");
            output.WriteLine($"  check {result.CheckPerSecond:N0}/s, p50/p95/p99 {result.CheckLatencyUs.P50:N2}/{result.CheckLatencyUs.P95:N2}/{result.CheckLatencyUs.P99:N2} µs, " +
                $"{result.CheckBytesPerCall:N1} bytes/call ({result.AllowedShare:P0} yes)");
            output.WriteLine($"  per CPU-second: check {result.CheckPerCpuSecond:N0}/s, effective-ACL walk {result.ExportRowsPerCpuSecond:N0} rows/s");
            output.WriteLine($"  check with explanation {result.ExplainedCheckPerSecond:N0}/s, {result.ExplainedCheckBytesPerCall:N1} bytes/call");
            output.WriteLine($"  who-can p50/p95 {result.WhoCanMs.P50:N2}/{result.WhoCanMs.P95:N2} ms; effective(user) p50/p95 {result.EffectiveMs.P50:N3}/{result.EffectiveMs.P95:N3} ms");
            output.WriteLine($"  effective-ACL walk {result.ExportRowsPerSecond:N0} rows/s over {result.ExportRows:N0} rows ({result.ExportSubjects:N0} subjects), heap growth {result.ExportHeapGrowthMb:N0} MB");
            output.WriteLine("  apply " + string.Join(", ", result.UpdateApplyMs.Select(kv => $"{kv.Key} {kv.Value:N1} ms")));
            output.WriteLine("  apply, CPU " + string.Join(", ", result.UpdateApplyCpuMs.Select(kv => $"{kv.Key} {kv.Value:N1} ms")));
        }
    }

    /// <summary>Issue 6 point 6: the SCIM load (5,000 users and 500 groups; --quick 500 and 50) on a fresh database.</summary>
    private static async Task ScimAsync(Options options, string server, Action<string> log)
    {
        var (users, groups) = options.Quick ? (500, 50) : (5_000, 500);
        try
        {
            var database = new NpgsqlConnectionStringBuilder(server) { Database = "bench_scim" }.ToString();
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                await new NpgsqlCommand("DROP DATABASE IF EXISTS bench_scim WITH (FORCE)", conn).ExecuteNonQueryAsync();
                await new NpgsqlCommand("CREATE DATABASE bench_scim", conn).ExecuteNonQueryAsync();
            }
            await BulkLoader.MigrateAsync(database);
            var run = await Peers.ScimLoad.RunAsync(database, users, groups, log);
            ResultsFile.ScimLine = $"SCIM load (issue 6 point 6, PostgreSQL, 8 clients over loopback): {run.Users:N0} users and {run.Groups:N0} groups " +
                $"with memberships, {run.Requests:N0} requests in {run.Seconds:N1} s = **{run.RequestsPerSecond:N0} requests/s** (target ≥ 200), end state exactly as expected.";
        }
        catch (Exception e)
        {
            ResultsFile.ScimLine = "SCIM load: failed: " + e.Message.Split('\n')[0];
            log($"scim failed: {e}");
        }
    }
}
