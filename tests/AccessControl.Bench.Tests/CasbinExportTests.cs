using AccessControl.Bench.Generation;
using AccessControl.Bench.Peers;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Tests;

/// <summary>node-casbin on the exported policy gives the engine's decisions (runs node; npm ci when node_modules is missing).</summary>
public class CasbinExportTests
{
    [Theory]
    [InlineData("small", 1_000)]
    [InlineData("medium", 1_000)]
    public async Task Casbin_policy_gives_the_engines_decisions(string preset, int questions)
    {
        var m = preset == "small" ? Models.Small.Model : Models.Medium.Model;
        var engine = AccessEngine.Build(m);
        var q = Questions.Draw(m, seed: 99, checks: questions, whoCan: 0, effective: 0);
        var dir = Path.Combine(Path.GetTempPath(), $"accesscontrol-bench-tests-{Guid.NewGuid():N}");
        try
        {
            var run = await CasbinPeer.RunAsync(m, q, q.Checks, dir, TimeSpan.FromMinutes(5));
            Assert.Equal(questions, run.Answers.Length);
            var expected = q.Checks.Select(c => engine.Check(SubjectRef.User(m.Users[c.User].UserName), c.Permission, q.Resources[c.Resource].Ref).Allowed).ToArray();
            var differ = Enumerable.Range(0, questions).Where(i => expected[i] != run.Answers[i])
                .Select(i => $"{m.Users[q.Checks[i].User].UserName} {q.Checks[i].Permission} {q.Resources[q.Checks[i].Resource].Ref}: engine {expected[i]}").Take(10);
            Assert.Empty(differ);
            Assert.Contains(true, expected);
            Assert.Contains(false, expected);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
