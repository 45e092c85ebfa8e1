using AccessControl.Testing;

namespace AccessControl.Bench.Tests;

/// <summary>The harness end to end in --quick mode on small, against the test PostgreSQL server. No timing is asserted.</summary>
[Trait("Database", "Postgres")]
public class HarnessSmokeTests
{
    [Fact]
    public async Task Quick_run_on_small_prints_the_table_and_writes_results_and_chart()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"accesscontrol-bench-smoke-{Guid.NewGuid():N}");
        try
        {
            var output = new StringWriter();
            var options = Options.Parse(["--preset", "small", "--only", "--quick", "--no-http", "--no-scim", "--out", dir, "--postgres", PostgresTestDatabase.AdminConnectionString()]);
            var run = Harness.RunAsync(options, output);
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90))) == run, "the quick run did not finish in 90 s");
            Assert.Equal(0, await run);

            var text = output.ToString();
            Assert.Contains("**engine check**, decisions/s", text);
            Assert.Contains("**ratio** engine / node-casbin check throughput", text);
            var results = await File.ReadAllTextAsync(Path.Combine(dir, "RESULTS.md"));
            Assert.Contains("| figure | small |", results);
            Assert.True(new FileInfo(Path.Combine(dir, "results.png")).Length > 10_000);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
