using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using Xunit.Abstractions;

namespace AccessControl.Core.Tests;

/// <summary>The size the product must handle: 50,000 users, 20,000 collections, 100,000 grants.</summary>
public class ScaleTests(ITestOutputHelper output)
{
    private static readonly Lazy<AccessModel> Big = new(() => ScaleModel(seed: 1));

    internal static AccessModel ScaleModel(int seed)
    {
        var rng = new Random(seed);
        var ids = 0;
        Guid NewId() => new(++ids, 0, 0, new byte[8]);
        var collections = BuiltInCollections.All.ToList();
        var leaves = new List<string>();
        for (var p = 0; p < 200; p++)
        {
            collections.Add(new($"p{p}", BuiltInCollections.Root, $"project{p}"));
            for (var s = 0; s < 10; s++)
            {
                collections.Add(new($"p{p}s{s}", $"p{p}", $"svc{s}"));
                for (var l = 0; l < 9; l++)
                {
                    collections.Add(new($"p{p}s{s}l{l}", $"p{p}s{s}", $"env{l}"));
                    leaves.Add($"p{p}s{s}l{l}");
                }
            }
        }
        var namespaces = Enumerable.Range(0, 1000).Select(i => new NamespaceInfo(NewId(), $"ns{i}")).ToList();
        var orgs = Enumerable.Range(0, 50).Select(i => new OrgInfo(NewId(), $"org{i}")).ToList();
        var teams = Enumerable.Range(0, 1000).Select(i => new TeamInfo(NewId(), orgs[i % 50].Id, $"team{i}")).ToList();
        var users = Enumerable.Range(0, 50_000).Select(i => new UserInfo(NewId(), $"user{i}", i % 50 != 7, i % 5000 == 0)).ToList();
        var orgMembers = new List<OrgMemberInfo>();
        var teamMembers = new List<TeamMemberInfo>();
        for (var i = 0; i < users.Count; i++)
        {
            var o = i % 50;
            orgMembers.Add(new(orgs[o].Id, users[i].Id, false));
            for (var k = 0; k < 2; k++) teamMembers.Add(new(teams[o + 50 * rng.Next(20)].Id, users[i].Id, false));
        }
        var accounts = Enumerable.Range(0, 1000).Select(i => new ServiceAccountInfo(NewId(), $"ns{i}", "ci")).ToList();
        var roles = BuiltInRoles.All.Select(r => new RoleInfo(r.Id, r.Name, r.Permissions)).ToList();
        roles.Add(new("dev", "Dev", [.. OrcaBankTests.DevPermissions]));
        var roleIds = roles.Select(r => r.Id).ToArray();
        var grants = new List<GrantInfo>(100_000);
        foreach (var u in users) grants.Add(new(NewId(), SubjectKind.User, u.Id, "restrictedcontrol", ResourceKind.Collection, leaves[rng.Next(leaves.Count)], null));
        foreach (var t in teams)
            for (var k = 0; k < 45; k++)
                grants.Add(new(NewId(), SubjectKind.Team, t.Id, roleIds[rng.Next(roleIds.Length)], ResourceKind.Collection, collections[rng.Next(collections.Count)].Id, null));
        foreach (var o in orgs)
        {
            grants.Add(new(NewId(), SubjectKind.Org, o.Id, "scheduler", ResourceKind.Collection, BuiltInCollections.Shared, null));
            grants.Add(new(NewId(), SubjectKind.Org, o.Id, "viewonly", ResourceKind.AllNamespaces, null, null));
        }
        foreach (var a in accounts) grants.Add(new(NewId(), SubjectKind.ServiceAccount, a.Id, "fullcontrol", ResourceKind.Namespace, null, namespaces[rng.Next(1000)].Id));
        while (grants.Count < 100_000)
            grants.Add(new(NewId(), SubjectKind.Team, teams[rng.Next(1000)].Id, "viewonly", ResourceKind.Namespace, null, namespaces[rng.Next(1000)].Id));
        return new([.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers], [.. accounts], [.. roles], [.. collections], [.. namespaces], [.. grants]);
    }

    [Fact]
    public void Engine_builds_and_answers_at_the_target_size()
    {
        // Speed is measured by the benchmark harness (bench/), not asserted here.
        var model = Big.Value;
        Assert.Equal(100_000, model.Grants.Length);
        Assert.True(model.Collections.Length >= 20_000);
        var engine = AccessEngine.Build(model);
        Assert.True(engine.Check(SubjectRef.User("user1"), "node.schedule", ResourceRef.Collection("/Shared/Private")).Allowed);
    }

    [Fact]
    public void Check_allocates_nothing_beyond_its_answer()
    {
        var engine = AccessEngine.Build(Big.Value);
        var user = SubjectRef.User("user1");
        var resource = ResourceRef.Collection("/Shared/Private");
        var yes = engine.Check(user, "node.schedule", resource);
        Assert.Single(yes.Because);
        var admin = SubjectRef.User("user0");
        Assert.True(engine.Check(admin, "container.exec", resource).ViaAdmin);

        const int n = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++) engine.Check(admin, "container.exec", resource);
        var perAdminCheck = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++) engine.Check(user, "node.schedule", resource);
        var perCheck = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        output.WriteLine($"admin check: {perAdminCheck} B, one-grant check: {perCheck} B");
        Assert.Equal(0, perAdminCheck);
        // The answer: a Decision, a one-element Because[] and one Because record.
        Assert.True(perCheck <= 200, $"{perCheck} bytes per check");
    }

    [Fact]
    public void Who_can_and_effective_answer_at_the_target_size()
    {
        var engine = AccessEngine.Build(Big.Value);
        var who = engine.WhoCan("node.schedule", ResourceRef.Collection("/Shared/Private"));
        Assert.Equal(Big.Value.Users.Count(u => u.Active), who.Users.Length); // every org has Scheduler on /Shared
        var e = engine.Effective(SubjectRef.User("user1"));
        Assert.Contains(e.Entries, x => x.Resource == "namespace:*");
    }
}
