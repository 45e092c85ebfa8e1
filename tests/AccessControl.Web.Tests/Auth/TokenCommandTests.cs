using System.Diagnostics;
using AccessControl.Data;
using AccessControl.Testing;
using AccessControl.Web.Features.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Tests.Auth;

/// <summary><c>token create</c> on the command line: the app's own executable, on a fresh SQLite database.</summary>
[Trait("Database", "Sqlite")]
public sealed class TokenCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAppAsync(TestDatabase database, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AccessControl.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_ENVIRONMENT"] = start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Sqlite"] = database.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Token_create_prints_the_token_alone_stores_its_hash_and_is_audited_as_cli()
    {
        await using var database = TestDatabase.Create("Sqlite");
        var (exit, output, error) = await RunAppAsync(database, "token", "create", "--name", "ci", "--role", "Administrator", "--expires", "30d");
        Assert.True(exit == 0, error);
        var token = output.TrimEnd('\n', '\r');
        Assert.Matches("^act_[A-Za-z0-9_-]{43}$", token);

        await using var db = database.CreateContext();
        var stored = await db.ApiTokens.SingleAsync(t => t.Name == "ci");
        Assert.Equal(TokenService.Hash(token), stored.TokenHash);
        Assert.Equal("Administrator", stored.Role);
        Assert.InRange(stored.ExpiresAt, DateTime.UtcNow.AddDays(29.9), DateTime.UtcNow.AddDays(30.1));
        Assert.Equal("cli", (await db.AuditEntries.SingleAsync(a => a.Action == "token.create")).Actor);

        var (badExit, badOut, badError) = await RunAppAsync(database, "token", "create", "--name", "ci2", "--role", "Owner", "--expires", "30d");
        Assert.Equal(2, badExit);
        Assert.Equal("", badOut);
        Assert.Contains("--role", badError);

        var (revokeExit, _, revokeError) = await RunAppAsync(database, "token", "revoke", "--name", "ci");
        Assert.True(revokeExit == 0, revokeError);
        await using var after = database.CreateContext();
        Assert.NotNull((await after.ApiTokens.SingleAsync(t => t.Name == "ci")).RevokedAt);
    }

    [Theory]
    [InlineData("30d", 30 * 24.0)]
    [InlineData("12h", 12.0)]
    [InlineData("90D", 90 * 24.0)]
    public void Expiry_durations_are_days_or_hours(string text, double hours)
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(now.AddHours(hours), TokenCommand.ParseExpiry(text, now));
    }

    [Theory]
    [InlineData("2027-01-31", "2027-01-31T00:00:00Z")]
    [InlineData("2027-01-31T12:00:00Z", "2027-01-31T12:00:00Z")]
    public void Expiry_dates_are_iso_and_utc(string text, string expected)
    {
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal), TokenCommand.ParseExpiry(text, now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0d")]
    [InlineData("-3d")]
    [InlineData("3w")]
    [InlineData("2020-01-01")]
    [InlineData("soon")]
    public void Bad_expiries_are_refused(string text) =>
        Assert.Null(TokenCommand.ParseExpiry(text, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
}
