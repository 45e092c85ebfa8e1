using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>
/// The database commands one SCIM request sends on its own path, counted from Npgsql's trace (every command it
/// executes, raw ones included, under the request's trace id; a commit is one more round trip per write). What is
/// counted is what costs a request its latency and the server its CPU under load: the bound keeps a lookup from
/// creeping back in. Work off the request path (the request log's batched writer) is not under the request's trace.
/// </summary>
[Trait("Database", "Postgres")]
public sealed class ScimRoundTripTests(PostgresApiFixture app, Xunit.Abstractions.ITestOutputHelper output)
    : IClassFixture<PostgresApiFixture>, IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> commands = new();
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = s => s.Name is "Npgsql" or "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    private void Listen() => listener.ActivityStopped = a =>
    {
        // CONNECT: a physical connection opened for the pool, not a round trip of the request's own.
        if (a.Source.Name == "Npgsql" && !a.DisplayName.StartsWith("CONNECT") && commands.TryGetValue(a.TraceId, out var q))
            q.Enqueue(a.GetTagItem("db.query.text") as string ?? a.GetTagItem("db.statement") as string ?? a.DisplayName);
    };

    /// <summary>Sends the request under a trace id of its own and returns its answer and the commands sent under it.</summary>
    private async Task<(HttpResponseMessage Response, string[] Commands)> Traced(ScimClient scim, HttpMethod method, string url, object? body)
    {
        var trace = ActivityTraceId.CreateRandom();
        commands[trace] = new ConcurrentQueue<string>();
        var request = ScimClient.Request(method, url, body);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await scim.Http.SendAsync(request);
        var sent = commands[trace].ToArray();
        output.WriteLine($"{method} {url.Split('?')[0]} → {(int)response.StatusCode}: {sent.Length} commands");
        foreach (var c in sent) output.WriteLine("    " + c.ReplaceLineEndings(" ")[..Math.Min(c.Length, 160)]);
        return (response, sent);
    }

    [Fact]
    public async Task Scim_writes_take_a_handful_of_round_trips_and_the_token_is_not_looked_up_each_time()
    {
        ActivitySource.AddActivityListener(listener);
        Listen();
        var scim = await ScimClient.ConnectAsync(app);
        await (await scim.Get("Users?count=1")).Scim(HttpStatusCode.OK); // the token is cached from here on

        var (created, c1) = await Traced(scim, HttpMethod.Post, "Users", new { schemas = new[] { UserSchema }, userName = ApiFixture.Unique("rt") + "@x.example" });
        var user = (await created.Scim(HttpStatusCode.Created)).Id();
        // The lookup (name taken? default org and role), the private collection names, the insert batch, the version count.
        Assert.Equal(4, c1.Length);
        Assert.DoesNotContain(c1, c => c.Contains("\"ProvisioningConnections\"") || c.Contains("\"ProvisioningRequests\""));

        var (patched, c2) = await Traced(scim, HttpMethod.Patch, $"Users/{user}",
            ScimClient.PatchOp(new { op = "Replace", path = "displayName", value = "Round Trip" }));
        await patched.Scim(HttpStatusCode.OK);
        // The user, the update with its audit entry, the version count.
        Assert.Equal(3, c2.Length);

        var (group, c3) = await Traced(scim, HttpMethod.Post, "Groups", new { schemas = new[] { GroupSchema }, displayName = ApiFixture.Unique("RT Group") });
        var groupId = (await group.Scim(HttpStatusCode.Created)).Id();
        // The free team name, the insert batch, the version count.
        Assert.Equal(3, c3.Length);

        var (members, c4) = await Traced(scim, HttpMethod.Patch, $"Groups/{groupId}",
            ScimClient.PatchOp(new { op = "Add", path = "members", value = new[] { new { value = user } } }));
        await members.Expect(HttpStatusCode.NoContent);
        // The team with its members, the users added with their org memberships, the insert batch, the version count.
        Assert.Equal(4, c4.Length);
    }

    public void Dispose() => listener.Dispose();
}
