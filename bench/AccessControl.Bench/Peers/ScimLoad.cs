using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AccessControl.Bench.Peers;

public sealed record ScimRun(int Users, int Groups, int Requests, double Seconds, int Errors)
{
    public double RequestsPerSecond => Requests / Seconds;
}

/// <summary>
/// Issue 6 point 6 in full: 8 SCIM clients (each its own provisioning connection to one organization) create users
/// and groups, add members in batches of 5, remove one member per group and update every user, against the app
/// started on a fresh PostgreSQL database; then the end state is checked (counts of users, groups and members).
/// Loopback only; the number of requests is fixed by the sizes.
/// </summary>
public static class ScimLoad
{
    private const int Clients = 8;
    private const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static async Task<ScimRun> RunAsync(string database, int users, int groups, Action<string> log)
    {
        await using var app = await BenchApp.StartAsync(database, "Administrator");
        var organization = $"scim-{Guid.NewGuid():N}"[..16];
        var clients = new List<HttpClient>();
        for (var i = 0; i < Clients; i++)
        {
            using var r = await app.Http.PostAsync("/api/v1/provisioning/connections", Json(new { name = $"idp-{i}-{Guid.NewGuid():N}"[..20], organization }, "application/json"));
            var body = await Read(r, HttpStatusCode.Created);
            clients.Add(app.NewClient("/scim/v2/", body.GetProperty("token").GetString()!));
        }
        var userIds = new string[users];
        var groupIds = new string[groups];
        var requests = 0;
        var errors = 0;
        async Task<JsonElement> Send(HttpClient c, HttpMethod method, string url, object body, HttpStatusCode expected)
        {
            using var response = await c.SendAsync(new HttpRequestMessage(method, url) { Content = Json(body, "application/scim+json") });
            Interlocked.Increment(ref requests);
            if (response.StatusCode != expected) Interlocked.Increment(ref errors);
            return response.StatusCode == HttpStatusCode.NoContent ? default : await Read(response, expected);
        }
        List<int> MembersOf(int g) => [.. Enumerable.Range(0, users).Where(u => u % groups == g || (u + 7) % groups == g)];

        log($"scim: {Clients} connections made, load average {File.ReadAllText("/proc/loadavg").Trim()}; starting the clock");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select((c, k) => Task.Run(async () =>
        {
            for (var u = k; u < users; u += Clients)
                userIds[u] = (await Send(c, HttpMethod.Post, "Users", new { schemas = new[] { UserSchema }, userName = $"{organization}-u{u}@x.example", externalId = $"e{u}", active = true }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            for (var g = k; g < groups; g += Clients)
                groupIds[g] = (await Send(c, HttpMethod.Post, "Groups", new { schemas = new[] { GroupSchema }, displayName = $"{organization} G{g}" }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        })));
        log($"scim: created {users:N0} users and {groups:N0} groups in {clock.Elapsed.TotalSeconds:N1} s");
        await Task.WhenAll(clients.Select((c, k) => Task.Run(async () =>
        {
            for (var g = k; g < groups; g += Clients)
            {
                var members = MembersOf(g);
                foreach (var batch in members.Chunk(5))
                    await Send(c, HttpMethod.Patch, $"Groups/{groupIds[g]}", new { schemas = new[] { PatchSchema }, Operations = new[] { new { op = "Add", path = "members", value = batch.Select(u => new { value = userIds[u] }) } } }, HttpStatusCode.NoContent);
                await Send(c, HttpMethod.Patch, $"Groups/{groupIds[g]}", new { schemas = new[] { PatchSchema }, Operations = new[] { new { op = "remove", path = $"members[value eq \"{userIds[members[0]]}\"]" } } }, HttpStatusCode.NoContent);
            }
            for (var u = k; u < users; u += Clients)
                await Send(c, HttpMethod.Patch, $"Users/{userIds[u]}", new { schemas = new[] { PatchSchema }, Operations = new object[] { new { op = "Replace", path = "displayName", value = $"User {u}" }, new { op = "Replace", path = "active", value = u % 4 == 0 ? "False" : "True" } } }, HttpStatusCode.OK);
        })));
        clock.Stop();
        var run = new ScimRun(users, groups, requests, clock.Elapsed.TotalSeconds, errors);
        log($"scim: {run.Requests:N0} requests from {Clients} clients in {run.Seconds:N1} s: {run.RequestsPerSecond:N0} requests/s, {errors} unexpected answers");

        // The end state, exactly: every user once, every group with its members less the one removed.
        var first = clients[0];
        var total = await Read(await first.GetAsync($"Users?filter=userName sw \"{organization}\"&count=0"), HttpStatusCode.OK);
        if (total.GetProperty("totalResults").GetInt32() != users) throw new InvalidOperationException($"scim: {total.GetProperty("totalResults")} users, expected {users}");
        for (var g = 0; g < groups; g++)
        {
            var group = await Read(await first.GetAsync($"Groups/{groupIds[g]}"), HttpStatusCode.OK);
            var count = group.TryGetProperty("members", out var m) ? m.GetArrayLength() : 0;
            if (count != MembersOf(g).Count - 1) throw new InvalidOperationException($"scim: group {g} has {count} members, expected {MembersOf(g).Count - 1}");
        }
        if (errors > 0) throw new InvalidOperationException($"scim: {errors} requests answered other than expected");
        log("scim: end state exactly as expected");
        foreach (var c in clients) c.Dispose();
        return run;
    }

    private static StringContent Json(object body, string mediaType) => new(JsonSerializer.Serialize(body), Encoding.UTF8, mediaType);

    private static async Task<JsonElement> Read(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected) throw new InvalidOperationException($"expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
