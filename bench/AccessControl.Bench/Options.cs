using System.Diagnostics;
using AccessControl.Bench.Generation;
using AccessControl.Bench.Peers;

namespace AccessControl.Bench;

/// <summary>The command line. --preset names the largest preset; the smaller ones run first so the chart shows growth.</summary>
public sealed record Options
{
    public const string Usage = """
        dotnet run -c Release --project bench/AccessControl.Bench -- [options]
          --preset small|medium|large   largest preset to run (default medium); smaller presets run first
          --only                        run just that preset
          --quick                       short budgets (medium in under 2 minutes)
          --out DIR                     where RESULTS.md and results.png go (default bench/)
          --postgres CONNECTION         use this PostgreSQL server instead of starting a throwaway one
          --port N                      port of the throwaway PostgreSQL (default 54360; the next free one is used)
          --no-http                     skip the HTTP check-batch figure (it builds and starts the web app)
          --no-scim                     skip the SCIM load (issue 6 point 6; it builds and starts the web app)
          --scim                        run just the SCIM load (full size; --quick: a tenth) and print its figure;
                                        RESULTS.md is left as it is
          --bdn                         BenchmarkDotNet micro benchmarks of check instead of the harness
          --engine-only                 only the engine's own figures (check, who-can, effective, the ACL walk,
                                        incremental apply) on the generated presets: no PostgreSQL, no peers, no
                                        files written; a quick loop for profiling
          --write-model PRESET FILE     write api.md's model document of a preset and exit
          --write-casbin PRESET DIR     write the casbin model.conf and policy.csv of a preset and exit
          --reports PRESET              time the who-can and what-can report pages over HTTP at that preset and write
                                        their section of RESULTS.md (nothing else runs)
          --history PRESET              a year of audit history at that preset with stored checkpoints; time who-can,
                                        what-can and check as of a year ago, six months ago and the last change on a
                                        freshly started app (its section of RESULTS.md; nothing else runs)
        """;

    public IReadOnlyList<Preset> Presets { get; init; } = [Preset.Small, Preset.Medium];
    public bool Quick { get; init; }
    public bool Bdn { get; init; }
    public bool EngineOnly { get; init; }
    public bool NoHttp { get; init; }
    public bool NoScim { get; init; }
    public bool ScimOnly { get; init; }
    public bool Help { get; init; }
    public string OutDir { get; init; } = Path.Combine(RepoPaths.Root, "bench");
    public string? Postgres { get; init; }
    public int Port { get; init; } = 54360;
    public (string Preset, string Path)? WriteModel { get; init; }
    public (string Preset, string Path)? WriteCasbin { get; init; }
    public Preset? Reports { get; init; }
    public Preset? History { get; init; }
    public string CommandLine { get; init; } = "";

    public static Options Parse(string[] args)
    {
        var o = new Options { CommandLine = "dotnet run -c Release --project bench/AccessControl.Bench --" + string.Concat(args.Select(a => " " + a)) };
        var largest = Preset.Medium;
        var only = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--preset": largest = Preset.Parse(Next()); break;
                case "--only": only = true; break;
                case "--quick": o = o with { Quick = true }; break;
                case "--bdn": o = o with { Bdn = true }; break;
                case "--engine-only": o = o with { EngineOnly = true }; break;
                case "--no-http": o = o with { NoHttp = true }; break;
                case "--no-scim": o = o with { NoScim = true }; break;
                case "--scim": o = o with { ScimOnly = true }; break;
                case "--out": o = o with { OutDir = Path.GetFullPath(Next()) }; break;
                case "--postgres": o = o with { Postgres = Next() }; break;
                case "--port": o = o with { Port = int.Parse(Next()) }; break;
                case "--write-model": o = o with { WriteModel = (Next(), Next()) }; break;
                case "--write-casbin": o = o with { WriteCasbin = (Next(), Next()) }; break;
                case "--reports": o = o with { Reports = Preset.Parse(Next()) }; break;
                case "--history": o = o with { History = Preset.Parse(Next()) }; break;
                case "-h" or "--help": o = o with { Help = true }; break;
                default: throw new ArgumentException($"unknown argument {args[i]}\n{Usage}");
            }
        }
        return o with { Presets = only ? [largest] : [.. Preset.All.TakeWhile(p => p != largest), largest] };
    }

    public static string? NodeVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return v;
        }
        catch { return null; }
    }
}
