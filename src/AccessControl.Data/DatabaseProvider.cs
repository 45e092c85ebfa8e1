using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data;

/// <summary>Configures the context for one of the two supported databases, with that provider's migrations assembly.</summary>
public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static string MigrationsAssembly(string provider) => Normalize(provider) switch
    {
        Sqlite => "AccessControl.Migrations.Sqlite",
        _ => "AccessControl.Migrations.Postgres",
    };

    public static void Configure(DbContextOptionsBuilder b, string provider, string connectionString)
    {
        switch (Normalize(provider))
        {
            case Sqlite:
                b.UseSqlite(connectionString, o => o.MigrationsAssembly(MigrationsAssembly(Sqlite)));
                break;
            default:
                b.UseNpgsql(connectionString, o => o.MigrationsAssembly(MigrationsAssembly(Postgres)));
                break;
        }
    }

    /// <summary>"Sqlite" or "Postgres" (also accepted: any case, "PostgreSQL", "Npgsql").</summary>
    public static string Normalize(string provider) => provider.ToLowerInvariant() switch
    {
        "sqlite" => Sqlite,
        "postgres" or "postgresql" or "npgsql" => Postgres,
        _ => throw new ArgumentException($"Unknown database provider '{provider}'; expected \"Sqlite\" or \"Postgres\".", nameof(provider)),
    };
}
