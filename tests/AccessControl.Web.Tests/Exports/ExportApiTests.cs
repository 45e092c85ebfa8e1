using System.Net;
using System.Text.Json;
using AccessControl.Web.Tests.Infrastructure;
using AccessControl.Web.Tests.ModelDocument;
using k8s;
using k8s.Models;

namespace AccessControl.Web.Tests.Exports;

/// <summary>GET /exports/acl on the small OrcaBank document (security View Only on /prod, ops Full Control on /prod,
/// mobile Dev on /prod/mobile, ci-bot Restricted Control on namespace payments; eve is inactive, admin is an admin).</summary>
public abstract class ExportApiTests(ApiFixture app) : IAsyncLifetime
{
    private HttpClient Api => app.Client;

    public async Task InitializeAsync() =>
        await (await Api.PutAsync("model", OrcaBankDocument.Content(OrcaBankDocument.Build()))).Expect(HttpStatusCode.OK);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> Export(string query)
    {
        var response = await Api.GetAsync($"exports/acl?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").First());
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_grants_view_lists_each_grant_once_per_covered_user_with_its_path()
    {
        var csv = await Export("format=csv&view=grants");
        var lines = csv.TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("subject,active,via,role,roleName,resource,grant", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        // ops (eve, maria) Full Control on /prod; eve is inactive but the grant still names her.
        Assert.Contains(rows, r => r[0] == "user:maria" && r[1] == "true" && r[2] == "team:orcabank/ops" && r[3] == "fullcontrol" && r[5] == "collection:/prod");
        Assert.Contains(rows, r => r[0] == "user:eve" && r[1] == "false" && r[2] == "team:orcabank/ops");
        Assert.Contains(rows, r => r[0] == "serviceaccount:payments/ci-bot" && r[5] == "namespace:payments");
        // 4 grants: ci-bot (1) + mobile Dev (lucas) + ops (eve, maria) + security (sarah) = 5 rows.
        Assert.Equal(5, rows.Length);
    }

    [Fact]
    public async Task The_effective_view_agrees_with_the_effective_endpoint()
    {
        var json = JsonDocument.Parse(await Export("format=json&view=effective")).RootElement;
        Assert.Equal("effective", json.GetProperty("view").GetString());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        foreach (var user in new[] { "lucas", "maria", "sarah", "eve" })
        {
            var effective = await (await Api.GetAsync($"access/effective?subject=user:{user}")).Expect(HttpStatusCode.OK);
            var expected = effective.GetProperty("entries").EnumerateArray()
                .Select(e => $"{e.GetProperty("resource").GetString()}={string.Join(' ', e.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()))}")
                .ToList();
            var exported = rows.Where(r => r.GetProperty("subject").GetString() == $"user:{user}")
                .Select(r => $"{r.GetProperty("resource").GetString()}={string.Join(' ', r.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()))}")
                .ToList();
            Assert.Equal(expected, exported);
        }
        Assert.DoesNotContain(rows, r => r.GetProperty("subject").GetString() == "user:eve"); // inactive: nothing effective
        var csv = await Export("format=csv&view=effective");
        Assert.StartsWith("subject,admin,resource,permissions,grants", csv);
        Assert.Equal(rows.Count, csv.TrimEnd('\n').Split('\n').Length - 1);
    }

    [Fact]
    public async Task The_kubernetes_export_round_trips_through_the_kubernetes_models()
    {
        var yaml = await Export("format=kubernetes");
        var objects = KubernetesYaml.LoadAllFromString(yaml);
        Assert.True(objects.Count > 3, $"{objects.Count} objects: {string.Join(", ", objects.Take(3).Select(o => o.GetType().Name))}");
        var clusterRoles = objects.OfType<V1ClusterRole>().ToList();
        var bindings = objects.OfType<V1RoleBinding>().ToList();
        var clusterBindings = objects.OfType<V1ClusterRoleBinding>().ToList();
        Assert.Equal(objects.Count, clusterRoles.Count + bindings.Count + clusterBindings.Count);
        Assert.Contains(clusterRoles, r => r.Metadata.Name == "accesscontrol:restrictedcontrol");
        Assert.DoesNotContain(clusterRoles, r => r.Metadata.Name.Contains("dev")); // Dev has Swarm permissions only
        var ci = Assert.Single(bindings);
        Assert.Equal("payments", ci.Metadata.NamespaceProperty);
        Assert.Equal("accesscontrol:restrictedcontrol", ci.RoleRef.Name);
        var subject = Assert.Single(ci.Subjects);
        Assert.Equal(("ServiceAccount", "ci-bot", "payments"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        var admins = Assert.Single(clusterBindings, b => b.Metadata.Name == "accesscontrol:admins");
        Assert.Equal(["admin"], admins.Subjects.Select(s => s.Name));
        // Every rule names real verbs of its resources, and a second serialisation reads back the same.
        var viewOnly = clusterRoles.Single(r => r.Metadata.Name == "accesscontrol:viewonly");
        Assert.All(viewOnly.Rules, rule => Assert.All(rule.Verbs, v => Assert.Contains(v, new[] { "get", "list", "watch" })));
        Assert.Equal(yaml.Trim(), string.Join("\n---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n'))).Trim());
    }

    [Fact]
    public async Task The_casbin_export_carries_the_model_and_the_policy()
    {
        var text = await Export("format=casbin");
        Assert.Contains("# [matchers]", text);
        Assert.Contains("p, serviceaccount:payments/ci-bot, role:restrictedcontrol, n:payments", text);
        Assert.Contains("g, user:lucas, team:orcabank/mobile", text);
        Assert.DoesNotContain("user:eve", text); // inactive users have no lines
    }

    [Fact]
    public async Task Unknown_formats_and_views_are_a_400()
    {
        var problem = await (await Api.GetAsync("exports/acl?format=xml&view=all")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("view", out _));
    }
}

[Trait("Database", "Sqlite")]
public sealed class ExportApiTestsOnSqlite(SqliteApiFixture app) : ExportApiTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ExportApiTestsOnPostgres(PostgresApiFixture app) : ExportApiTests(app), IClassFixture<PostgresApiFixture>;
