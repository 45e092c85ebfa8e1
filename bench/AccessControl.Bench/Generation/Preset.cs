namespace AccessControl.Bench.Generation;

/// <summary>The sizes of a generated model. Issue 7 fixes small, medium and large; the rest is a plausible shape.</summary>
public sealed record Preset(
    string Name, int Users, int Orgs, int Teams, int Collections, int MaxDepth, int Namespaces, int ServiceAccounts,
    int Grants, int CustomRoles, int TeamsPerUser, int Admins, double InactiveShare, int AllNamespaceGrants)
{
    public static readonly Preset Small = new("small", 500, 10, 50, 200, 6, 50, 20, 1_000, 5, 5, 2, 0.03, 2);
    public static readonly Preset Medium = new("medium", 5_000, 20, 500, 2_000, 6, 200, 100, 10_000, 10, 5, 5, 0.03, 5);
    public static readonly Preset Large = new("large", 50_000, 200, 5_000, 20_000, 6, 2_000, 1_000, 100_000, 40, 5, 10, 0.03, 20);

    public static readonly IReadOnlyList<Preset> All = [Small, Medium, Large];

    public static Preset Parse(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown preset '{name}'; expected small, medium or large.");
}
