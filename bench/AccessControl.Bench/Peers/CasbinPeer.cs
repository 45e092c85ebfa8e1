using System.Diagnostics;
using System.Text.Json;
using AccessControl.Bench.Export;
using AccessControl.Bench.Generation;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Peers;

public sealed record CasbinRun(double LoadMs, int Answered, double TotalMs, double[] LatenciesUs, bool[] Answers, long PolicyLines);

/// <summary>Runs node-casbin (bench/peers/casbin/peer.js) on the exported policy and a question file.</summary>
public static class CasbinPeer
{
    /// <summary>Installs the pinned casbin package (npm ci) when node_modules is missing.</summary>
    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (Directory.Exists(Path.Combine(RepoPaths.CasbinPeer, "node_modules", "casbin"))) return;
            Run("npm", ["ci", "--no-audit", "--no-fund"], RepoPaths.CasbinPeer, TimeSpan.FromMinutes(5));
        }
    }

    private static readonly object InstallLock = new();

    public static async Task<CasbinRun> RunAsync(AccessModel model, Questions questions, IReadOnlyList<CheckQuestion> checks,
        string workDir, TimeSpan budget)
    {
        EnsureInstalled();
        Directory.CreateDirectory(workDir);
        var conf = Path.Combine(workDir, "model.conf");
        var policy = Path.Combine(workDir, "policy.csv");
        var questionFile = Path.Combine(workDir, "questions.tsv");
        var answerFile = Path.Combine(workDir, "answers.txt");
        await File.WriteAllTextAsync(conf, CasbinPolicy.ModelConf + "\n");
        await using (var w = new StreamWriter(policy)) CasbinPolicy.Write(model, w);
        await using (var w = new StreamWriter(questionFile))
            foreach (var q in checks)
            {
                var r = questions.Resources[q.Resource];
                await w.WriteAsync($"{CasbinPolicy.Subject(model.Users[q.User])}\t{CasbinPolicy.Domain(r)}\t{CasbinPolicy.Action(q.Permission, r.Kind)}\n");
            }

        var output = Run("node", ["--max-old-space-size=8192", Path.Combine(RepoPaths.CasbinPeer, "peer.js"), conf, policy, questionFile, answerFile,
            ((long)budget.TotalMilliseconds).ToString()], RepoPaths.CasbinPeer, budget + TimeSpan.FromMinutes(10));
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        var answers = (await File.ReadAllLinesAsync(answerFile)).Where(l => l.Length > 0).Select(l => l == "1").ToArray();
        var lines = File.ReadLines(policy).LongCount();
        return new CasbinRun(root.GetProperty("loadMs").GetDouble(), root.GetProperty("answered").GetInt32(),
            root.GetProperty("totalMs").GetDouble(), [.. root.GetProperty("latenciesUs").EnumerateArray().Select(e => e.GetDouble())],
            answers, lines);
    }

    private static string Run(string file, string[] args, string workDir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }
}
