using System.Diagnostics;
using AccessControl.Bench.Generation;
using AccessControl.Bench.Peers;
using AccessControl.Bench.Postgres;
using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Core.Tests;
using AccessControl.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AccessControl.Bench.Measure;

/// <summary>One preset end to end: generate, load into PostgreSQL, build the snapshot from it, measure engine and peers.</summary>
public sealed class PresetRun(Preset preset, Budget budget, string serverConnectionString, string workDir, bool http, Action<string> log)
{
    public const int Seed = 1;

    public async Task<PresetResult> RunAsync()
    {
        var result = new PresetResult { Preset = preset };
        var sw = Stopwatch.StartNew();
        var generated = ScaleGenerator.Generate(preset, Seed);
        result.GenerateMs = sw.Elapsed.TotalMilliseconds;
        var m = generated.Model;
        (result.Users, result.Collections, result.Grants) = (m.Users.Length, m.Collections.Length, m.Grants.Length);
        result.Memberships = m.TeamMembers.Length + m.OrgMembers.Length;
        log($"{preset.Name}: generated {m.Users.Length:N0} users, {m.Teams.Length:N0} teams, {m.Collections.Length:N0} collections, " +
            $"{m.Grants.Length:N0} grants in {result.GenerateMs:N0} ms");

        var database = await CreateDatabaseAsync(serverConnectionString, $"bench_{preset.Name}");
        await BulkLoader.MigrateAsync(database);
        sw.Restart();
        await BulkLoader.LoadAsync(database, generated);
        result.CopyLoadMs = sw.Elapsed.TotalMilliseconds;
        log($"{preset.Name}: COPY into PostgreSQL in {result.CopyLoadMs:N0} ms");

        var (engine, model) = await SnapshotAsync(database, result);
        log($"{preset.Name}: snapshot {result.SnapshotLoadMs:N0} ms load + {result.SnapshotBuildMs:N0} ms build, heap {result.SnapshotHeapMb:N0} MB");

        await UpdateMeasurements.RunAsync(database, engine, model, result);
        log($"{preset.Name}: incremental update " + string.Join(", ", result.UpdateApplyMs.Select(kv => $"{kv.Key} {kv.Value:N1} ms")) +
            $"; from PostgreSQL {result.UpdateFromPostgresMs:N1} ms (read {result.UpdateReadMs:N1} ms)");

        var questions = Questions.Draw(model, Seed + 7, checks: 10_000, budget.WhoCanQuestions, budget.EffectiveUsers);
        EngineMeasurements.Run(engine, model, questions, budget, result);
        DashboardAudience(engine, result);
        log($"{preset.Name}: dashboard users per collection {result.DashboardAudienceMs:N1} ms over {result.DashboardAudienceCollections:N0} collections");
        log($"{preset.Name}: engine {result.CheckPerSecond:N0} checks/s, p99 {result.CheckLatencyUs.P99:N2} µs; " +
            $"who-can p95 {result.WhoCanMs.P95:N2} ms; export {result.ExportRowsPerSecond:N0} rows/s");

        var engineAnswers = questions.Checks.Select(c => engine.Check(SubjectRef.User(model.Users[c.User].UserName), c.Permission,
            questions.Resources[c.Resource].Ref).Allowed).ToArray();
        await CasbinAsync(model, questions, engineAnswers, result);
        await CteAsync(database, engine, model, questions, engineAnswers, result);
        Oracle(model, questions, engineAnswers, result);
        await GrantsGridMeasurement.RunAsync(database, m.Grants.Length, budget.SnapshotReps * 4, result, line => log($"{preset.Name}: {line}"));
        log($"{preset.Name}: grants grid page of 50 by subject p95 {result.GrantsGridSubjectMs!.P95:N1} ms, by creation p95 {result.GrantsGridCreatedMs!.P95:N1} ms");
        if (!http) result.HttpNote = "not measured (--no-http)";
        else if (!HttpCheckBatch.Available) result.HttpNote = "not measured (endpoint not merged yet)";
        else
        {
            try
            {
                var run = await HttpCheckBatch.RunAsync(database, model, questions, engineAnswers, budget.HttpRequests, log);
                result.HttpDecisionsPerSecond = run.DecisionsPerSecond;
                result.HttpDecisionsPerAppCpuSecond = run.DecisionsPerAppCpuSecond;
                result.HttpAgreement = new(run.Agreed, questions.Checks.Length);
                log($"{preset.Name}: HTTP check-batch {run.DecisionsPerSecond:N0} decisions/s over {run.Requests} requests, " +
                    $"{run.DecisionsPerAppCpuSecond:N0} per second of the app's CPU time");
            }
            catch (Exception e)
            {
                result.HttpNote = "failed: " + e.Message.Split('\n')[0];
                log($"{preset.Name}: HTTP failed: {e}");
            }
        }
        return result;
    }

    internal static async Task<string> CreateDatabaseAsync(string serverConnectionString, string name)
    {
        await using var conn = new NpgsqlConnection(serverConnectionString);
        await conn.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn).ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ToString();
    }

    /// <summary>AccessModelLoader + AccessEngine.Build, as the app builds its snapshot; medians of the repetitions.</summary>
    private async Task<(AccessEngine, AccessModel)> SnapshotAsync(string database, PresetResult result)
    {
        var options = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(options, DatabaseProvider.Postgres, database);
        var loads = new List<double>();
        var builds = new List<double>();
        AccessEngine? engine = null;
        AccessModel? model = null;
        for (var rep = 0; rep < budget.SnapshotReps + 1; rep++) // the first is a warm-up (EF model, JIT)
        {
            engine = null; model = null;
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(true);
            var sw = Stopwatch.StartNew();
            await using (var db = new AccessControlDbContext(options.Options)) model = await AccessModelLoader.LoadAsync(db);
            var load = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            engine = AccessEngine.Build(model);
            var build = sw.Elapsed.TotalMilliseconds;
            if (rep == 0) continue;
            loads.Add(load);
            builds.Add(build);
            result.SnapshotHeapMb = (GC.GetTotalMemory(true) - heapBefore) / 1048576.0;
        }
        result.SnapshotLoadMs = Stats.Median(loads);
        result.SnapshotBuildMs = Stats.Median(builds);
        return (engine!, model!);
    }

    private async Task CasbinAsync(AccessModel m, Questions q, bool[] engineAnswers, PresetResult result)
    {
        try
        {
            var asked = q.Checks.Take(budget.CasbinQuestions).ToList();
            var run = await CasbinPeer.RunAsync(m, q, asked, Path.Combine(workDir, $"casbin-{preset.Name}"), budget.CasbinTime);
            result.CasbinLoadMs = run.LoadMs;
            result.CasbinPolicyLines = run.PolicyLines;
            result.CasbinPerSecond = run.Answered / (run.TotalMs / 1000);
            result.CasbinLatencyUs = Percentiles.Of(run.LatenciesUs);
            result.CasbinAgreement = new(run.Answers.Select((a, i) => a == engineAnswers[i]).Count(x => x), run.Answers.Length);
            log($"{preset.Name}: casbin loaded {run.PolicyLines:N0} lines in {run.LoadMs:N0} ms, {result.CasbinPerSecond:N1} checks/s, agrees {result.CasbinAgreement}");
        }
        catch (Exception e)
        {
            result.CasbinError = e.Message.Split('\n')[0];
            log($"{preset.Name}: casbin failed: {e.Message}");
        }
    }

    private async Task CteAsync(string database, AccessEngine engine, AccessModel m, Questions q, bool[] engineAnswers, PresetResult result)
    {
        await using var cte = await CteQueries.OpenAsync(database);
        var asked = q.Checks.Take(budget.CteQuestions).Select((c, i) => (c, i)).ToList();
        foreach (var (c, _) in asked.Take(20)) await cte.CheckAsync(m.Users[c.User].Id, c.Permission, q.Resources[c.Resource]); // warm-up
        var agreed = 0;
        var latencies = await Stats.TimeEachAsync(asked, budget.CteTime, async x =>
        {
            var yes = await cte.CheckAsync(m.Users[x.c.User].Id, x.c.Permission, q.Resources[x.c.Resource]);
            if (yes == engineAnswers[x.i]) agreed++;
        });
        result.CteCheckMs = Percentiles.Of(latencies.Select(us => us / 1000));
        result.CtePerSecond = latencies.Count / (latencies.Sum() / 1e6);
        result.CteAgreement = new(agreed, latencies.Count);

        var whoAgreed = 0;
        var who = q.WhoCan.Take(budget.CteWhoCan).ToList();
        var whoLatencies = await Stats.TimeEachAsync(who, budget.CteWhoCanTime, async w =>
        {
            var count = await cte.WhoCanCountAsync(w.Permission, q.Resources[w.Resource]);
            var a = engine.WhoCan(w.Permission, q.Resources[w.Resource].Ref);
            if (count == a.Users.Length + a.ServiceAccounts.Length) whoAgreed++;
        });
        result.CteWhoCanMs = Percentiles.Of(whoLatencies.Select(us => us / 1000));
        result.CteWhoCanAgreement = new(whoAgreed, whoLatencies.Count);
        log($"{preset.Name}: CTE {result.CtePerSecond:N0} checks/s (agrees {result.CteAgreement}), who-can p95 {result.CteWhoCanMs.P95:N1} ms (agrees {result.CteWhoCanAgreement})");
    }

    /// <summary>The brute-force oracle of the Core tests: the floor.</summary>
    private void Oracle(AccessModel m, Questions q, bool[] engineAnswers, PresetResult result)
    {
        var oracle = new Oracle(m, PermissionCatalog.Default);
        var asked = q.Checks.Take(budget.OracleQuestions).Select((c, i) => (c, i)).ToList();
        var agreed = 0;
        var latencies = Stats.TimeEach(asked, budget.OracleTime, x =>
        {
            var r = q.Resources[x.c.Resource];
            var a = oracle.Check(new Oracle.Subj(SubjectKind.User, m.Users[x.c.User].Id), x.c.Permission, new Oracle.Res(r.Kind, r.CollectionId, r.NamespaceId));
            if (a.Allowed == engineAnswers[x.i]) agreed++;
        });
        result.OracleLatencyUs = Percentiles.Of(latencies);
        result.OraclePerSecond = latencies.Count / (latencies.Sum() / 1e6);
        result.OracleAgreement = new(agreed, latencies.Count);
        log($"{preset.Name}: oracle {result.OraclePerSecond:N0} checks/s (agrees {result.OracleAgreement})");
    }

    /// <summary>The dashboard's "top collections by users with access": one warm-up, then the median of 5.</summary>
    private static void DashboardAudience(AccessEngine engine, PresetResult result)
    {
        var counted = CollectionAudience.Count(engine.Model, engine.Index, engine.Catalog);
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            counted = CollectionAudience.Count(engine.Model, engine.Index, engine.Catalog);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        (result.DashboardAudienceMs, result.DashboardAudienceCollections) = (times[2], counted.Count);
    }
}
