using System.Diagnostics;
using System.Net.Sockets;

namespace AccessControl.Bench.Postgres;

/// <summary>
/// A PostgreSQL cluster for the length of the run, started as test.sh starts its own: initdb with trust auth in a
/// temporary folder, pg_ctl on 127.0.0.1 only, durability off; as root the server runs as the postgres user.
/// Stopped (immediate) and deleted on dispose.
/// </summary>
public sealed class ThrowawayPostgres : IDisposable
{
    public string ConnectionString { get; }
    private readonly string dir;
    private readonly string binDir;

    private ThrowawayPostgres(string dir, string binDir, int port)
    {
        this.dir = dir;
        this.binDir = binDir;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Pooling=true;Maximum Pool Size=20;Timeout=30;Command Timeout=600";
    }

    public static ThrowawayPostgres Start(int port)
    {
        var binDir = FindBinDir() ?? throw new InvalidOperationException(
            "The benchmark needs the PostgreSQL server programs (initdb, pg_ctl, postgres): apt-get install postgresql.");
        while (PortInUse(port)) port++;
        var dir = Directory.CreateTempSubdirectory("accesscontrol-bench-pg.").FullName;
        var root = Environment.UserName == "root";
        if (root)
        {
            Run("id", "postgres", check: false, out var idExit);
            if (idExit != 0) Run("useradd", "--system --no-create-home postgres");
            Run("chown", $"postgres: {dir}");
        }
        var pg = new ThrowawayPostgres(dir, binDir, port);
        pg.AsPostgres("initdb", $"-D {dir}/data -A trust -U postgres -E UTF8 --no-locale");
        pg.AsPostgres("pg_ctl", $"start -D {dir}/data -l {dir}/postgres.log -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p {port} " +
            $"-k {dir} -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB\"");
        return pg;
    }

    private static string? FindBinDir() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .LastOrDefault()
            : null;

    private static bool PortInUse(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(300);
        }
        catch { return false; }
    }

    private void AsPostgres(string program, string args)
    {
        var exe = Path.Combine(binDir, program);
        if (Environment.UserName == "root") Run("runuser", $"-u postgres -- {exe} {args}", workDir: dir);
        else Run(exe, args);
    }

    private static void Run(string file, string args, bool check = true, string? workDir = null) => Run(file, args, check, out _, workDir);

    private static void Run(string file, string args, bool check, out int exitCode, string? workDir = null)
    {
        var psi = new ProcessStartInfo("bash", ["-c", $"{file} {args}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        exitCode = p.ExitCode;
        if (check && p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {error}{output.Result}");
    }

    public void Dispose()
    {
        try { AsPostgres("pg_ctl", $"stop -D {dir}/data -m immediate -w -t 30"); }
        catch (Exception e) { Console.Error.WriteLine($"stopping PostgreSQL: {e.Message}"); }
        try { Directory.Delete(dir, recursive: true); } catch { /* a file the server still held; /tmp cleans it */ }
    }
}
