using System.Globalization;
using AccessControl.Data;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Hosting;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Tokens;

/// <summary>
/// <c>token create --name ci --role Administrator --expires 30d</c> (also <c>12h</c> or an ISO date) prints the new token
/// alone on standard output; <c>token revoke --name ci</c>. Audited with the actor <c>cli</c>. Bad arguments: exit 2.
/// </summary>
public static class TokenCommand
{
    public const string Usage = "Usage: token create --name <name> --role <Administrator|Auditor|Viewer> --expires <30d|12h|yyyy-mm-dd>\n" +
                                "       token revoke --name <name>";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var rest = args.SkipWhile(a => a != "token").Skip(1).ToArray();
        var action = rest.FirstOrDefault();
        var options = Options(rest.Skip(1).ToArray());
        if (options is null || action is not ("create" or "revoke")) return await UsageError("Unknown or missing arguments.");
        var clock = app.Services.GetRequiredService<TimeProvider>();

        await using var scope = app.Services.CreateAsyncScope();
        if (!await SchemaReadyAsync(app)) return 1;
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set("cli");
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();
        options.TryGetValue("name", out var name);
        if (string.IsNullOrWhiteSpace(name)) return await UsageError("--name is required.");
        try
        {
            if (action == "revoke")
            {
                if (await tokens.RevokeAsync(name, CancellationToken.None)) return 0;
                await Console.Error.WriteLineAsync($"There is no active token named '{name}'.");
                return 1;
            }
            options.TryGetValue("role", out var role);
            options.TryGetValue("expires", out var expiresText);
            if (!AppRoles.IsValid(role)) return await UsageError($"--role must be one of {string.Join(", ", AppRoles.All)}.");
            if (ParseExpiry(expiresText, clock.GetUtcNow().UtcDateTime) is not { } expires)
                return await UsageError("--expires must be a duration like 30d or 12h, or a future date like 2027-01-31.");
            var created = await tokens.CreateAsync(new CreateTokenRequest(name, role, ExpiresAt: new DateTimeOffset(expires, TimeSpan.Zero)), CancellationToken.None);
            Console.Out.WriteLine(created.Token);
            return 0;
        }
        catch (AppException e)
        {
            return await UsageError(e.Message);
        }
    }

    /// <summary><c>30d</c>, <c>12h</c>, or an ISO 8601 date or instant (a date means its midnight UTC).</summary>
    public static DateTime? ParseExpiry(string? text, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > 1 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var at = char.ToLowerInvariant(text[^1]) switch { 'd' => now.AddDays(n), 'h' => now.AddHours(n), _ => (DateTime?)null };
            if (at is not null) return at;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date.UtcDateTime > now
            ? date.UtcDateTime : null;
    }

    private static Dictionary<string, string>? Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            var key = args[i][2..];
            if (key.Contains('=')) { options[key[..key.IndexOf('=')]] = key[(key.IndexOf('=') + 1)..]; continue; }
            if (i + 1 >= args.Length) return null;
            options[key] = args[++i];
        }
        return options;
    }

    /// <summary>Prepares the database exactly as a start of the app would (migrations for SQLite, built-ins, the demo
    /// organization on a fresh embedded database), so that creating the first token changes nothing else about it.</summary>
    private static async Task<bool> SchemaReadyAsync(WebApplication app)
    {
        try
        {
            await app.InitializeAsync();
            return true;
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return false;
        }
    }

    private static async Task<int> UsageError(string message)
    {
        await Console.Error.WriteLineAsync(message);
        await Console.Error.WriteLineAsync(Usage);
        return 2;
    }
}
