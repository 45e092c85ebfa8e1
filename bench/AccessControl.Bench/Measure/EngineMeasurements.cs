using System.Diagnostics;
using AccessControl.Bench.Generation;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Measure;

/// <summary>The engine's own figures: check throughput and latency on one thread, who-can, effective, the ACL walk.</summary>
public static class EngineMeasurements
{
    public static void Run(AccessEngine engine, AccessModel m, Questions q, Budget budget, PresetResult result)
    {
        var n = q.Checks.Length;
        var subjects = q.Checks.Select(c => SubjectRef.User(m.Users[c.User].UserName)).ToArray();
        var permissions = q.Checks.Select(c => c.Permission).ToArray();
        var resources = q.Checks.Select(c => q.Resources[c.Resource].Ref).ToArray();

        // Warm up (tiered JIT), and count the yes answers.
        var allowed = 0;
        for (var i = 0; i < n; i++) if (engine.Decide(subjects[i], permissions[i], resources[i]).Allowed) allowed++;
        result.AllowedShare = (double)allowed / n;

        // The decision (AccessEngine.Decide: names in, allowed or the kind of no out), as the peers answer it.
        var yes = 0;
        (result.CheckPerSecond, result.CheckPerCpuSecond) = Rate(budget, n, i => { if (engine.Decide(subjects[i], permissions[i], resources[i]).Allowed) yes++; });
        result.CheckBytesPerCall = BytesPerCall(n, i => { if (engine.Decide(subjects[i], permissions[i], resources[i]).Allowed) yes++; });

        var latencies = new double[budget.LatencySamples];
        for (var k = 0; k < latencies.Length; k++)
        {
            var i = k % n;
            var t0 = Stopwatch.GetTimestamp();
            engine.Decide(subjects[i], permissions[i], resources[i]);
            latencies[k] = Stats.Micros(Stopwatch.GetTimestamp() - t0);
        }
        result.CheckLatencyUs = Percentiles.Of(latencies);

        // With the explanation built (AccessEngine.Check → Decision: the grants behind a yes, the sentence of a no).
        for (var i = 0; i < n; i++) engine.Check(subjects[i], permissions[i], resources[i]);
        result.ExplainedCheckPerSecond = Rate(budget, n, i => engine.Check(subjects[i], permissions[i], resources[i])).Wall;
        result.ExplainedCheckBytesPerCall = BytesPerCall(n, i => engine.Check(subjects[i], permissions[i], resources[i]));

        long answered = 0;
        var who = q.WhoCan.Take(budget.WhoCanQuestions).ToList();
        result.WhoCanMs = Percentiles.Of(Stats.TimeEach(who, TimeSpan.FromMinutes(2), w =>
        {
            var a = engine.WhoCan(w.Permission, q.Resources[w.Resource].Ref);
            answered += a.Users.Length + a.ServiceAccounts.Length;
        }).Select(us => us / 1000));
        result.WhoCanMeanAnswer = (double)answered / Math.Max(1, result.WhoCanMs.Count);

        var effective = q.EffectiveUsers.Take(budget.EffectiveUsers).Select(u => SubjectRef.User(m.Users[u].UserName)).ToList();
        result.EffectiveMs = Percentiles.Of(Stats.TimeEach(effective, TimeSpan.FromMinutes(2), s => engine.Effective(s)).Select(us => us / 1000));

        Export(engine, m, budget, result);
    }

    /// <summary>
    /// Calls per second over the questions in a loop, the median of the budget's repetitions: per second of wall time,
    /// and per second of this process's CPU time (what the thread got of a core: the idle-machine equivalent when the
    /// cores are shared).
    /// </summary>
    private static (double Wall, double Cpu) Rate(Budget budget, int n, Action<int> call)
    {
        var (wall, cpu) = (new List<double>(), new List<double>());
        using var process = Process.GetCurrentProcess();
        for (var rep = 0; rep < budget.CheckReps; rep++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            long done = 0;
            while (sw.Elapsed < budget.CheckRep)
            {
                for (var i = 0; i < n; i++) call(i);
                done += n;
            }
            var seconds = sw.Elapsed.TotalSeconds;
            process.Refresh();
            wall.Add(done / seconds);
            cpu.Add(done / Math.Max(1e-6, (process.TotalProcessorTime - cpu0).TotalSeconds));
        }
        return (Stats.Median(wall), Stats.Median(cpu));
    }

    /// <summary>Managed bytes allocated by this thread per call, over one pass of the questions.</summary>
    private static double BytesPerCall(int n, Action<int> call)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++) call(i);
        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / n;
    }

    /// <summary>
    /// The engine side of the effective-ACL export: Effective over every user and service account, counting the
    /// (subject, resource set) rows. The streamed HTTP endpoint (issue 5) is not measured here.
    /// </summary>
    private static void Export(AccessEngine engine, AccessModel m, Budget budget, PresetResult result)
    {
        var subjects = m.Users.Select(u => SubjectRef.User(u.UserName))
            .Concat(m.ServiceAccounts.Select(a => SubjectRef.ServiceAccount(a.Namespace, a.Name)))
            .Take(budget.ExportSubjects).ToList();
        GC.Collect();
        var baseline = GC.GetTotalMemory(false);
        long peak = baseline, rows = 0;
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < subjects.Count; i++)
        {
            rows += engine.Effective(subjects[i]).Entries.Length;
            if ((i & 255) == 0) peak = Math.Max(peak, GC.GetTotalMemory(false));
        }
        sw.Stop();
        process.Refresh();
        result.ExportRowsPerCpuSecond = rows / Math.Max(1e-6, (process.TotalProcessorTime - cpu0).TotalSeconds);
        result.ExportRows = rows;
        result.ExportSubjects = subjects.Count;
        result.ExportRowsPerSecond = rows / sw.Elapsed.TotalSeconds;
        result.ExportHeapGrowthMb = (peak - baseline) / 1048576.0;
    }
}
