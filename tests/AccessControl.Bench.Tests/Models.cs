using AccessControl.Bench.Generation;

namespace AccessControl.Bench.Tests;

/// <summary>The generated models the tests share: generating medium once per test run.</summary>
internal static class Models
{
    private static readonly Lazy<GeneratedModel> MediumModel = new(() => ScaleGenerator.Generate(Preset.Medium, seed: 1));
    private static readonly Lazy<GeneratedModel> SmallModel = new(() => ScaleGenerator.Generate(Preset.Small, seed: 1));
    public static GeneratedModel Medium => MediumModel.Value;
    public static GeneratedModel Small => SmallModel.Value;
}
