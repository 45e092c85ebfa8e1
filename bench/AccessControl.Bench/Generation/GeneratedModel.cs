using AccessControl.Core.Model;

namespace AccessControl.Bench.Generation;

/// <summary>What the engine does not need but the database and the model document carry.</summary>
public sealed record UserProfile(string DisplayName, string Email);

/// <summary>A generated model: the engine's input, plus the user profiles, aligned with <c>Model.Users</c>.</summary>
public sealed record GeneratedModel(Preset Preset, int Seed, AccessModel Model, IReadOnlyList<UserProfile> Profiles);
