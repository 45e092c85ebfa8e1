using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using CsCheck;

namespace AccessControl.Core.Tests;

/// <summary>
/// <see cref="AccessEngine.Apply"/> against a full build and the oracle: random sequences of changes, applied one delta
/// at a time or several coalesced into one, must give exactly the answers of an engine built from scratch.
/// </summary>
public class IncrementalUpdateTests
{
    [Fact]
    public void Random_changes_applied_incrementally_answer_as_a_full_rebuild_and_the_oracle() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Run(seed, steps: 30), iter: 60);

    private static void Run(int seed, int steps)
    {
        var rng = new Random(~seed); // not the generator's sequence, whose ids it would repeat
        var start = RandomModels.Generate(seed, scale: 2);
        var edits = new RandomEdits(rng, start);
        var engine = AccessEngine.Build(start);
        for (var step = 0; step < steps;)
        {
            var before = edits.Model;
            var names = new List<string>();
            for (var k = rng.Next(1, 4); k > 0; k--, step++) names.Add(edits.Step()); // several commits, one coalesced delta
            var after = edits.Model;
            engine = engine.Apply(RandomEdits.Diff(before, after));
            var context = $"seed {seed}, step {step}: {string.Join(", ", names)}";

            Assert.True(SameRows(after, engine.Model), $"{context}: rows {Describe(after)} vs {Describe(engine.Model)}");
            AssertSameAnswers(AccessEngine.Build(after), engine, context);
            AssertSameIndex(after, engine.Index, context);
            if (step % 10 < 3) OracleTests.Compare(after, engine, seed + step);
        }
    }

    [Fact]
    public void Deltas_of_successive_commits_composed_in_order_equal_the_delta_of_them_all() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var rng = new Random(~seed);
            var start = RandomModels.Generate(seed, scale: 2);
            var edits = new RandomEdits(rng, start);
            var composed = ModelDelta.Empty;
            var before = start;
            for (var i = 0; i < 6; i++)
            {
                edits.Step();
                var after = edits.Model;
                composed = composed.Then(RandomEdits.Diff(before, after));
                before = after;
            }
            Assert.True(SameRows(before, start.Apply(composed)), $"seed {seed}");
            AssertSameAnswers(AccessEngine.Build(before), AccessEngine.Build(start).Apply(composed), $"seed {seed}");
        }, iter: 40);

    [Fact]
    public void An_updated_engine_leaves_the_one_it_came_from_unchanged()
    {
        var model = RandomModels.Generate(7, scale: 2);
        var before = AccessEngine.Build(model);
        var user = model.Users[0];
        var grant = new GrantInfo(Guid.NewGuid(), SubjectKind.User, user.Id, "fullcontrol", ResourceKind.Collection, BuiltInCollections.Root, null);
        var after = before.Apply(new ModelDelta
        {
            Users = new([user.Id], [user with { Active = true, IsAdmin = false }]),
            Grants = new([grant.Id], [grant]),
        });

        var question = (SubjectRef.User(user.UserName), "volume.create", ResourceRef.Collection("/"));
        Assert.True(after.Check(question.Item1, question.Item2, question.Item3).Allowed);
        Assert.Equal(AccessEngine.Build(model).Check(question.Item1, question.Item2, question.Item3), before.Check(question.Item1, question.Item2, question.Item3));
    }

    [Fact]
    public void A_delta_that_touches_a_row_already_gone_changes_nothing()
    {
        var model = RandomModels.Generate(11, scale: 2);
        var engine = AccessEngine.Build(model);
        var after = engine.Apply(new ModelDelta { Grants = new([Guid.NewGuid()], []), Users = new([Guid.NewGuid()], []) });
        Assert.True(SameRows(model, after.Model));
        AssertSameAnswers(engine, after, "no-op delta");
    }

    private static bool SameRows(AccessModel a, AccessModel b) =>
        Same(a.Users, b.Users) && Same(a.Orgs, b.Orgs) && Same(a.Teams, b.Teams) && Same(a.OrgMembers, b.OrgMembers)
        && Same(a.TeamMembers, b.TeamMembers) && Same(a.ServiceAccounts, b.ServiceAccounts) && Same(a.Collections, b.Collections)
        && Same(a.Namespaces, b.Namespaces) && Same(a.Grants, b.Grants)
        && a.Roles.Select(r => (r.Id, r.Name, string.Join(",", r.Permissions))).ToHashSet()
            .SetEquals(b.Roles.Select(r => (r.Id, r.Name, string.Join(",", r.Permissions))));

    private static string Describe(AccessModel m) =>
        $"{m.Users.Length}u {m.Orgs.Length}o {m.Teams.Length}t {m.OrgMembers.Length}om {m.TeamMembers.Length}tm {m.ServiceAccounts.Length}sa {m.Roles.Length}r {m.Collections.Length}c {m.Namespaces.Length}n {m.Grants.Length}g";

    private static bool Same<T>(IEnumerable<T> a, IEnumerable<T> b) => a.Count() == b.Count() && a.ToHashSet().SetEquals(b);

    /// <summary>Every subject's effective permissions (all grants and inheritance), plus who-can on every resource for a few permissions.</summary>
    private static void AssertSameAnswers(AccessEngine expected, AccessEngine actual, string context)
    {
        var subjects = expected.Model.Users.Select(u => SubjectRef.User(u.UserName))
            .Concat(expected.Model.Teams.Select(t => SubjectRef.Team(expected.Index.Org(t.OrgId)!.Name, t.Name)))
            .Concat(expected.Model.Orgs.Select(o => SubjectRef.Org(o.Name)))
            .Concat(expected.Model.ServiceAccounts.Select(s => SubjectRef.ServiceAccount(s.Namespace, s.Name)));
        foreach (var s in subjects)
            Assert.True(Render(expected.Effective(s)) == Render(actual.Effective(s)), $"{context}: effective {s}");
        var resources = expected.Model.Collections.Select(c => ResourceRef.Collection(expected.Index.PathOf(c.Id)))
            .Concat(expected.Model.Namespaces.Select(n => ResourceRef.Namespace(n.Name))).Append(ResourceRef.AllNamespaces);
        foreach (var r in resources)
            foreach (var p in Sample)
                Assert.True(Render(expected.WhoCan(p, r)) == Render(actual.WhoCan(p, r)), $"{context}: who can {p} {r}");
    }

    /// <summary>Every name lookup of the updated index against the model itself.</summary>
    private static void AssertSameIndex(AccessModel m, ModelIndex index, string context)
    {
        var fresh = new ModelIndex(m);
        foreach (var u in m.Users) Assert.True(index.FindUser(u.UserName.ToUpperInvariant()) == u && index.User(u.Id) == u, $"{context}: user {u.UserName}");
        foreach (var t in m.Teams) Assert.True(index.FindTeam(index.Org(t.OrgId)!.Name, t.Name) == t && index.Team(t.Id) == t, $"{context}: team {t.Name}");
        foreach (var r in m.Roles) Assert.True(index.Role(r.Id) == r && index.FindRole(r.Name) is not null, $"{context}: role {r.Id}");
        foreach (var n in m.Namespaces) Assert.True(index.FindNamespace(n.Name) == n && index.Namespace(n.Id) == n, $"{context}: namespace {n.Name}");
        foreach (var s in m.ServiceAccounts) Assert.True(index.FindServiceAccount(s.Namespace, s.Name) == s, $"{context}: account {s.Name}");
        foreach (var c in m.Collections)
        {
            Assert.True(index.PathOf(c.Id) == fresh.PathOf(c.Id) && index.FindCollection(fresh.PathOf(c.Id)) == c, $"{context}: collection {c.Id}");
            Assert.True(index.ChildrenOf(c.Id).Order().SequenceEqual(fresh.ChildrenOf(c.Id).Order()), $"{context}: children of {c.Id}");
        }
        Assert.Null(index.FindUser("no-such-user-" + context.Length));
    }

    private static readonly string[] Sample =
    [
        "volume.create", "node.schedule",
        Catalog.PermissionCatalog.Default.All.First(p => p.Kind == Catalog.PermissionKind.Kubernetes && !p.ClusterScoped).Id,
        Catalog.PermissionCatalog.Default.All.First(p => p.ClusterScoped).Id,
    ];

    private static string Render(EffectiveResult e) =>
        $"{e.Subject} {e.IsAdmin} {e.Active} " + string.Join(";", e.Entries.Select(x =>
            $"{x.Resource}=[{string.Join(",", x.Permissions)}] by {string.Join(",", x.Because)}"));

    private static string Render(WhoCanResult w) =>
        $"{w.NotApplicable} " + string.Join(";", w.Users.Select(u => $"{u.Id} {u.UserName} {u.IsAdmin} {string.Join(",", u.Because)}"))
        + " | " + string.Join(";", w.ServiceAccounts.Select(a => $"{a.Id} {string.Join(",", a.Because)}"));
}
