using AccessControl.Data;
using AccessControl.Web.Features.Demo;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Hosting;

public static class Startup
{
    /// <summary>
    /// Brings the database to the current schema (SQLite always; PostgreSQL when Database:MigrateAtStartup, else it must
    /// have been migrated by the <c>migrate</c> command), ensures the built-ins, loads the demo organization into a fresh
    /// embedded database (or when started with <c>--seed demo</c>), then loads the decision snapshot.
    /// </summary>
    public static async Task InitializeAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AccessControl.Startup");
        var factory = app.Services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        bool fresh;
        await using (var db = await factory.CreateDbContextAsync())
        {
            fresh = !(await db.Database.GetAppliedMigrationsAsync()).Any();
            if (options.IsSqlite || options.MigrateAtStartup)
            {
                await db.Database.MigrateAsync();
            }
            else if ((await db.Database.GetPendingMigrationsAsync()).Any())
            {
                throw new InvalidOperationException(
                    "The PostgreSQL database is not at the current schema. Run `dotnet run --project src/AccessControl.Web -- migrate` " +
                    "(or `dotnet AccessControl.Web.dll migrate`) first, or set Database:MigrateAtStartup=true.");
            }
            db.Actor = "system";
            await BuiltIns.EnsureAsync(db, CancellationToken.None);
        }

        var seed = app.Configuration["seed"];
        if (seed is not null && !seed.Equals("demo", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"--seed takes 'demo', not '{seed}'.");
        if (seed is not null || (fresh && options.IsSqlite && options.SeedDemo != false))
        {
            if (await DemoData.LoadAsync(app.Services, CancellationToken.None))
                log.LogInformation("Loaded the demo organization (OrcaBank).");
        }
        await app.Services.GetRequiredService<AccessSnapshot>().RefreshAsync();
    }
}
