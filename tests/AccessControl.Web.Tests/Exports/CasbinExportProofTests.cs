using System.Diagnostics;
using System.Net;
using AccessControl.Core.Catalog;
using AccessControl.Core.Export;
using AccessControl.Core.Model;
using AccessControl.Web.Tests.Infrastructure;
using AccessControl.Web.Tests.Reports;

namespace AccessControl.Web.Tests.Exports;

/// <summary>
/// node-casbin (npm casbin, pinned in tests/casbin) loads the app's casbin export of the demo data and decides a random
/// sample of questions; every answer equals the engine's (POST /access/check-batch).
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class CasbinExportProofTests(DemoReportsSqliteFixture app) : IClassFixture<DemoReportsSqliteFixture>
{
    private HttpClient Api => app.Client;

    [Fact]
    public async Task Node_casbin_on_the_export_gives_the_engines_decisions_on_a_random_sample()
    {
        var users = (await (await Api.GetAsync("users?limit=1000")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(u => u.GetProperty("userName").GetString()!).ToList();
        var collections = (await (await Api.GetAsync("collections?limit=1000")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(c => ResourceRef.Collection(c.GetProperty("path").GetString()!));
        var namespaces = (await (await Api.GetAsync("namespaces?limit=1000")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(n => ResourceRef.Namespace(n.GetProperty("name").GetString()!));
        ResourceRef[] resources = [.. collections, .. namespaces, ResourceRef.AllNamespaces];
        var permissions = PermissionCatalog.Default.All;

        var random = new Random(20261129);
        var sample = Enumerable.Range(0, 3000).Select(_ => (
            User: users[random.Next(users.Count)],
            Permission: permissions[random.Next(permissions.Length)].Id,
            Resource: resources[random.Next(resources.Length)])).ToList();

        var batch = await (await Api.PostJson("access/check-batch", new
        {
            checks = sample.Select(q => new { subject = $"user:{q.User}", permission = q.Permission, resource = q.Resource.ToString() }),
        })).Expect(HttpStatusCode.OK);
        var engine = batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("allowed").GetBoolean()).ToArray();

        var dir = Directory.CreateTempSubdirectory("casbin-proof-").FullName;
        try
        {
            var export = Path.Combine(dir, "export.txt");
            await File.WriteAllBytesAsync(export, await Api.GetByteArrayAsync("exports/acl?format=casbin"));
            var questions = Path.Combine(dir, "questions.tsv");
            await File.WriteAllLinesAsync(questions, sample.Select(q =>
                $"{CasbinPolicy.Subject(new UserInfo(Guid.Empty, q.User, true, false))}\t{CasbinPolicy.Domain(q.Resource)}\t{CasbinPolicy.Action(q.Permission, q.Resource.Kind)}"));
            var answers = Path.Combine(dir, "answers.txt");
            await RunNodeAsync(export, questions, answers);
            var casbin = (await File.ReadAllLinesAsync(answers)).Where(l => l.Length > 0).Select(l => l == "1").ToArray();

            Assert.Equal(sample.Count, casbin.Length);
            var differ = Enumerable.Range(0, sample.Count).Where(i => casbin[i] != engine[i])
                .Select(i => $"{sample[i].User} {sample[i].Permission} {sample[i].Resource}: engine {engine[i]}, casbin {casbin[i]}").Take(10).ToList();
            Assert.Empty(differ);
            Assert.True(engine.Count(a => a) > 100, $"only {engine.Count(a => a)} allowed answers in the sample");
            Assert.Contains(false, engine);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunNodeAsync(params string[] args)
    {
        var folder = Path.Combine(OidcProviderFixture.RepositoryRoot(), "tests", "casbin");
        await OidcProviderFixture.EnsureNodeModulesAsync(folder, "casbin");
        using var node = Process.Start(new ProcessStartInfo("node", [Path.Combine(folder, "decide.js"), .. args])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"node decide.js failed: {await stderr}");
    }
}
