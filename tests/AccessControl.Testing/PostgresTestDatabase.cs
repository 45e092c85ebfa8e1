using AccessControl.Data;
using Npgsql;

namespace AccessControl.Testing;

/// <summary>
/// A fresh PostgreSQL database with a unique name on the server named by <see cref="EnvironmentVariable"/>,
/// dropped on dispose.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string EnvironmentVariable = "ACCESSCONTROL_TEST_POSTGRES";

    private readonly string adminConnectionString;
    private readonly string name;

    private PostgresTestDatabase(string adminConnectionString, string name)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    public override string Provider => DatabaseProvider.Postgres;
    public override string ConnectionString { get; }

    /// <summary>The admin connection string; the PostgreSQL tests fail (never skip) without it.</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: run ./test.sh (it starts one), or set {EnvironmentVariable} to an admin " +
                "connection string, e.g. \"Host=127.0.0.1;Port=54329;Username=postgres;Password=postgres\".");

    public static PostgresTestDatabase Create()
    {
        var admin = AdminConnectionString();
        var name = $"accesscontrol_test_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        create.ExecuteNonQuery();
        return new PostgresTestDatabase(admin, name);
    }

    public override async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        // FORCE: pooled connections of the test may still be open.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
