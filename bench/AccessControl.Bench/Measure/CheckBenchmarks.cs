using AccessControl.Bench.Generation;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using BenchmarkDotNet.Attributes;

namespace AccessControl.Bench.Measure;

/// <summary>
/// BenchmarkDotNet micro figures (--bdn) on medium and large: one decision and 1,000 random decisions
/// (<see cref="AccessEngine.Decide(SubjectRef, string, ResourceRef)"/>, allocation-free), and the same with the explanation
/// (<see cref="AccessEngine.Check"/>).
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private AccessEngine engine = null!;
    private SubjectRef[] subjects = [];
    private string[] permissions = [];
    private ResourceRef[] resources = [];

    [Params("medium", "large")]
    public string Preset { get; set; } = "medium";

    [GlobalSetup]
    public void Setup()
    {
        var m = ScaleGenerator.Generate(Generation.Preset.Parse(Preset), PresetRun.Seed).Model;
        engine = AccessEngine.Build(m);
        var q = Questions.Draw(m, PresetRun.Seed + 7, 1_000, 0, 0);
        subjects = [.. q.Checks.Select(c => SubjectRef.User(m.Users[c.User].UserName))];
        permissions = [.. q.Checks.Select(c => c.Permission)];
        resources = [.. q.Checks.Select(c => q.Resources[c.Resource].Ref)];
    }

    [Benchmark]
    public bool OneDecision() => engine.Decide(subjects[0], permissions[0], resources[0]).Allowed;

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int ThousandRandomDecisions()
    {
        var yes = 0;
        for (var i = 0; i < subjects.Length; i++) if (engine.Decide(subjects[i], permissions[i], resources[i]).Allowed) yes++;
        return yes;
    }

    [Benchmark]
    public bool OneCheck() => engine.Check(subjects[0], permissions[0], resources[0]).Allowed;

    [Benchmark(OperationsPerInvoke = 1_000)]
    public int ThousandRandomChecks()
    {
        var yes = 0;
        for (var i = 0; i < subjects.Length; i++) if (engine.Check(subjects[i], permissions[i], resources[i]).Allowed) yes++;
        return yes;
    }
}
