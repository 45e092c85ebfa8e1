using AccessControl.Data;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Hosting;

/// <summary>Command-line verbs of the app (run instead of the web server): <c>migrate</c>, <c>token</c>.</summary>
public static class Commands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var verb = Verb(args);
        switch (verb)
        {
            case null:
                return false;
            case "migrate":
                await MigrateAsync(app);
                return true;
            case "token":
                Environment.ExitCode = await Tokens.TokenCommand.RunAsync(app, args);
                return true;
            default:
                // Positional arguments that are not verbs are configuration (key=value) for the host.
                if (verb.Contains('=')) return false;
                await Console.Error.WriteLineAsync($"Unknown command '{verb}'. Commands: migrate, token.");
                Environment.ExitCode = 2;
                return true;
        }
    }

    /// <summary>True when the arguments name a verb (logs then go to standard error, so a verb's output stands alone).</summary>
    public static bool IsCommand(string[] args) => Verb(args) is { } verb && !verb.Contains('=');

    /// <summary>The first argument that is neither an option (<c>--seed</c>) nor an option's value (<c>demo</c>).</summary>
    private static string? Verb(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith('-'))
            {
                if (!args[i].Contains('=')) i++;
                continue;
            }
            return args[i];
        }
        return null;
    }

    private static async Task MigrateAsync(WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        db.Actor = "system";
        await BuiltIns.EnsureAsync(db, CancellationToken.None);
        Console.WriteLine(pending.Count == 0
            ? "The database is already at the current schema."
            : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
    }
}
