using System.Net;
using System.Text.Json;
using AccessControl.Testing;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Snapshot;
using AccessControl.Web.Features.Tokens;
using AccessControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AccessControl.Web.Tests.Hosting;

/// <summary>Two app instances on one PostgreSQL database, as behind a load balancer.</summary>
public class TwoInstancesFixture : IAsyncLifetime
{
    private TestDatabase? database;
    private WebApplicationFactory<Program>? a, b;
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public IServiceProvider ServicesA => a!.Services;
    public IServiceProvider ServicesB => b!.Services;
    public string ConnectionString => database!.ConnectionString;

    /// <summary>A short consistency check keeps the repair test quick; notifications do not depend on it.</summary>
    protected virtual string ConsistencyCheckSeconds => "0.2";

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create("Postgres");
        KeyValuePair<string, string?>[] settings = [new("Snapshot:ConsistencyCheckSeconds", ConsistencyCheckSeconds)];
        a = ApiFixture.CreateFactory("Postgres", database.ConnectionString, settings);
        A = a.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });
        b = ApiFixture.CreateFactory("Postgres", database.ConnectionString, settings);
        B = b.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost/api/v1/") });

        // One token, made through instance A, works on both: tokens live in the database.
        await using var scope = ServicesA.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set("test-fixture");
        var token = (await scope.ServiceProvider.GetRequiredService<TokenService>()
            .CreateAsync("api", "Administrator", DateTime.UtcNow.AddDays(1), CancellationToken.None)).Token;
        A.DefaultRequestHeaders.Authorization = new("Bearer", token);
        B.DefaultRequestHeaders.Authorization = new("Bearer", token);
    }

    public async Task DisposeAsync()
    {
        if (a is not null) await a.DisposeAsync();
        if (b is not null) await b.DisposeAsync();
        if (database is not null) await database.DisposeAsync();
    }
}

[Trait("Database", "Postgres")]
public sealed class ScaleOutTests(TwoInstancesFixture app) : IClassFixture<TwoInstancesFixture>
{
    /// <summary>A bound on waiting, not a speed requirement: notifications take milliseconds, the repair one check interval.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    internal static async Task<JsonElement> Check(HttpClient instance, string user, string permission, string resource) =>
        await (await instance.PostJson("access/check", new { subject = $"user:{user}", permission, resource })).Expect(HttpStatusCode.OK);

    /// <summary>Until an instance has heard of a new user it answers 400 (unknown subject): that is "not yet".</summary>
    internal static async Task<JsonElement> CheckSoon(HttpClient instance, string user, string permission, string resource)
    {
        var response = await instance.PostJson("access/check", new { subject = $"user:{user}", permission, resource });
        return response.StatusCode == HttpStatusCode.BadRequest
            ? JsonDocument.Parse("""{"allowed":false,"unknown":true}""").RootElement
            : await response.Expect(HttpStatusCode.OK);
    }

    /// <summary>Asks until the answer satisfies <paramref name="done"/> or <see cref="Patience"/> runs out; returns the last answer.</summary>
    internal static async Task<JsonElement> Eventually(Func<Task<JsonElement>> ask, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > until) return answer;
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_grant_made_through_one_instance_reaches_the_decisions_of_the_other()
    {
        var user = ApiFixture.Unique("moving");
        await (await app.A.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        var known = await Eventually(() => CheckSoon(app.B, user, "volume.create", "collection:/Shared"), a => !a.TryGetProperty("unknown", out _));
        Assert.False(known.TryGetProperty("unknown", out _), "instance B never heard of the new user");
        Assert.False(known.GetProperty("allowed").GetBoolean());

        await (await app.A.PostJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);
        // The instance that committed answers at once (read-your-writes); the other one as soon as the notification lands.
        Assert.True((await Check(app.A, user, "volume.create", "collection:/Shared")).GetProperty("allowed").GetBoolean());
        var after = await Eventually(() => CheckSoon(app.B, user, "volume.create", "collection:/Shared"), a => a.GetProperty("allowed").GetBoolean());
        Assert.True(after.GetProperty("allowed").GetBoolean());
        await SnapshotAssertions.AssertMatchesDatabaseAsync(app.ServicesA);
        await SnapshotAssertions.AssertMatchesDatabaseAsync(app.ServicesB);
    }

    [Fact]
    public async Task A_change_whose_notification_was_lost_is_repaired_by_the_consistency_check()
    {
        var user = ApiFixture.Unique("unnotified");
        await (await app.A.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await (await app.A.PostJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);
        Assert.True((await Eventually(() => CheckSoon(app.B, user, "volume.create", "collection:/Shared"), a => a.GetProperty("allowed").GetBoolean()))
            .GetProperty("allowed").GetBoolean());

        // A writer that counts its change but sends no notification (as if the message were lost).
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand("""
                UPDATE "Users" SET "Active" = false WHERE "UserName" = @user;
                UPDATE "ModelVersion" SET "Value" = "Value" + 1 WHERE "Id" = 1;
                """, connection, tx);
            cmd.Parameters.AddWithValue("user", user);
            await cmd.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }

        foreach (var instance in new[] { app.A, app.B })
        {
            var answer = await Eventually(() => Check(instance, user, "volume.create", "collection:/Shared"), a => !a.GetProperty("allowed").GetBoolean());
            Assert.False(answer.GetProperty("allowed").GetBoolean());
            Assert.Equal("inactive", answer.GetProperty("denial").GetString());
        }
    }

    [Fact]
    public void A_payload_protected_by_one_instance_is_read_by_the_other()
    {
        // Cookies and antiforgery tokens are data-protection payloads: shared keys let a session move between instances.
        const string purpose = "AccessControl.Tests.ScaleOut";
        var secret = app.ServicesA.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("session of maria");
        var read = app.ServicesB.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(secret);
        Assert.Equal("session of maria", read);
    }
}

/// <summary>Two instances whose consistency check is too slow to matter during a test: only the listener can bring news.</summary>
public sealed class TwoInstancesWithoutCheckFixture : TwoInstancesFixture
{
    protected override string ConsistencyCheckSeconds => "3600";
}

[Trait("Database", "Postgres")]
public sealed class ListenerReconnectTests(TwoInstancesWithoutCheckFixture app) : IClassFixture<TwoInstancesWithoutCheckFixture>
{
    [Fact]
    public async Task A_change_committed_while_the_listening_connections_were_down_is_caught_up_on_reconnect()
    {
        var user = ApiFixture.Unique("reconnect");
        await (await app.A.PostJson("users", new { userName = user })).Expect(HttpStatusCode.Created);
        await ScaleOutTests.Eventually(() => ScaleOutTests.CheckSoon(app.B, user, "volume.create", "collection:/Shared"),
            a => !a.TryGetProperty("unknown", out _));

        // The database drops both instances' listening connections (a failover, a network cut); a grant is committed
        // through A before either has reconnected, so its notification reaches nobody.
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query = 'LISTEN ' || @channel
                """, connection);
            kill.Parameters.AddWithValue("channel", ModelChangeNotifier.Channel);
            Assert.Equal(2L, await kill.ExecuteScalarAsync());
        }
        await (await app.A.PostJson("grants", new { subject = $"user:{user}", role = "fullcontrol", resource = "collection:/Shared" }))
            .Expect(HttpStatusCode.Created);

        // B reconnects, reloads what it missed, and answers yes; the hour-long consistency check plays no part.
        var answer = await ScaleOutTests.Eventually(() => ScaleOutTests.Check(app.B, user, "volume.create", "collection:/Shared"),
            a => a.GetProperty("allowed").GetBoolean());
        Assert.True(answer.GetProperty("allowed").GetBoolean());
        await SnapshotAssertions.AssertMatchesDatabaseAsync(app.ServicesB);
    }
}
