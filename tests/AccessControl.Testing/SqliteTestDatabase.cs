using AccessControl.Data;
using Microsoft.Data.Sqlite;

namespace AccessControl.Testing;

/// <summary>A SQLite database in a fresh temporary file, deleted on dispose.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string path;

    private SqliteTestDatabase(string path)
    {
        this.path = path;
        // No pooling: the file must be closed when the database is disposed.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
    }

    public static SqliteTestDatabase Create() =>
        new(Path.Combine(Path.GetTempPath(), $"accesscontrol-test-{Guid.NewGuid():N}.db"));

    public override string Provider => DatabaseProvider.Sqlite;
    public override string ConnectionString { get; }

    public override ValueTask DisposeAsync()
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            if (File.Exists(file)) File.Delete(file);
        return ValueTask.CompletedTask;
    }
}
