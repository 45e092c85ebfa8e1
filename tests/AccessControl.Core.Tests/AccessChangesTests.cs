using System.Collections.Immutable;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using CsCheck;

namespace AccessControl.Core.Tests;

/// <summary>
/// <see cref="AccessEngine.Changes"/> (the change report's diff, computed only where the changed rows can matter)
/// against the brute force: the effective permissions of every user and service account in both models, compared.
/// </summary>
public class AccessChangesTests
{
    [Fact]
    public void Changes_equal_the_comparison_of_everyone_s_effective_permissions_on_random_change_sequences() =>
        Gen.Int[0, int.MaxValue].Sample(Run, iter: 200);

    private static void Run(int seed)
    {
        var rng = new Random(~seed);
        var edits = new RandomEdits(rng, RandomModels.Generate(seed, scale: 2));
        for (var i = rng.Next(0, 6); i > 0; i--) edits.Step(); // some history before the window
        var before = edits.Model;
        var changes = new List<RowChange>();
        var names = new List<string>();
        var previous = before;
        var steps = rng.Next(1, 10);
        for (var step = 1; step <= steps; step++)
        {
            names.Add(edits.Step());
            changes.AddRange(RowChanges(RandomEdits.Diff(previous, edits.Model), step));
            previous = edits.Model;
        }
        var after = edits.Model;
        // Naming rows that did not change is harmless: a few, with their own cause.
        changes.AddRange(before.Grants.Take(2).Select(g => new RowChange(ModelTable.Grant, g.Id.ToString(), 99)));
        changes.AddRange(before.Users.Take(1).Select(u => new RowChange(ModelTable.User, u.Id.ToString(), 99)));
        var then = AccessEngine.Build(before);
        // The engine after the window as the app may hold it: built, or updated incrementally.
        var now = rng.Next(2) == 0 ? AccessEngine.Build(after) : then.Apply(RandomEdits.Diff(before, after));

        var fast = AccessEngine.Changes(then, now, changes);
        var context = $"seed {seed}: {string.Join(", ", names)}";
        Assert.True(BruteForce(then, now).SequenceEqual(fast.Select(Line)), $"{context}\nexpected:\n{string.Join('\n', BruteForce(then, now))}\nactual:\n{string.Join('\n', fast.Select(Line))}");
        Assert.All(fast, r => Assert.False(r.Causes.IsEmpty, $"{context}: no cause for {Line(r)}"));
    }

    [Fact]
    public void A_grant_that_adds_nothing_new_is_not_named_as_a_cause()
    {
        var m = new TestModel().User("alice").Org("eng").Member("alice", "eng").Collection("/prod")
            .Grant("old", "user:alice", "viewonly", "collection:/prod");
        var before = m.Model();
        m.Grant("same", "org:eng", "viewonly", "collection:/prod")
            .Grant("more", "user:alice", "restrictedcontrol", "collection:/prod");
        var after = m.Model();
        var changes = new[]
        {
            new RowChange(ModelTable.Grant, m.Id("same").ToString(), 1),
            new RowChange(ModelTable.Grant, m.Id("more").ToString(), 2),
        };

        var rows = AccessEngine.Changes(AccessEngine.Build(before), AccessEngine.Build(after), changes);

        var row = Assert.Single(rows);
        Assert.Equal(("user:alice", "collection:/prod"), (row.Subject, row.Resource));
        Assert.Contains("container.create", row.Gained);
        Assert.Empty(row.Lost);
        Assert.Equal(new[] { 2L }, row.Causes.ToArray());
    }

    [Fact]
    public void A_membership_change_moves_the_access_of_that_user_only()
    {
        var m = new TestModel().User("alice").User("bob").Org("eng").Team("eng/backend").Collection("/prod")
            .Member("bob", "eng/backend").Grant("team", "team:eng/backend", "viewonly", "collection:/prod");
        var before = m.Model();
        m.Member("alice", "eng/backend");
        var after = m.Model();
        var changes = RowChanges(RandomEdits.Diff(before, after), 7).ToList();

        var rows = AccessEngine.Changes(AccessEngine.Build(before), AccessEngine.Build(after), changes);

        Assert.Equal(["user:alice collection:/prod"], rows.Select(r => $"{r.Subject} {r.Resource}"));
        Assert.All(rows, r => Assert.Equal(new[] { 7L }, r.Causes.ToArray()));
        Assert.Equal(BruteForce(AccessEngine.Build(before), AccessEngine.Build(after)), rows.Select(Line));
    }

    /// <summary>The audit log's keys of a delta's rows.</summary>
    internal static IEnumerable<RowChange> RowChanges(ModelDelta d, long cause) =>
        d.Users.Touched.Select(k => new RowChange(ModelTable.User, k.ToString(), cause))
            .Concat(d.Orgs.Touched.Select(k => new RowChange(ModelTable.Org, k.ToString(), cause)))
            .Concat(d.Teams.Touched.Select(k => new RowChange(ModelTable.Team, k.ToString(), cause)))
            .Concat(d.OrgMembers.Touched.Select(k => new RowChange(ModelTable.OrgMember, $"{k.OrgId}/{k.UserId}", cause)))
            .Concat(d.TeamMembers.Touched.Select(k => new RowChange(ModelTable.TeamMember, $"{k.TeamId}/{k.UserId}", cause)))
            .Concat(d.ServiceAccounts.Touched.Select(k => new RowChange(ModelTable.ServiceAccount, k.ToString(), cause)))
            .Concat(d.Roles.Touched.Select(k => new RowChange(ModelTable.Role, k, cause)))
            .Concat(d.Collections.Touched.Select(k => new RowChange(ModelTable.Collection, k, cause)))
            .Concat(d.Namespaces.Touched.Select(k => new RowChange(ModelTable.Namespace, k.ToString(), cause)))
            .Concat(d.Grants.Touched.Select(k => new RowChange(ModelTable.Grant, k.ToString(), cause)));

    private static string Line(AccessChange r) => $"{r.Subject} {r.Resource} +[{string.Join(',', r.Gained)}] -[{string.Join(',', r.Lost)}]";

    /// <summary>Every user's and service account's effective permissions in both models, compared row by row.</summary>
    internal static List<string> BruteForce(AccessEngine before, AccessEngine after)
    {
        var then = Effective(before);
        var now = Effective(after);
        var lines = new List<(string Subject, string Resource, string Line)>();
        foreach (var key in then.Keys.Union(now.Keys))
        {
            var a = then.GetValueOrDefault(key, []);
            var b = now.GetValueOrDefault(key, []);
            var gained = b.Except(a).Order(StringComparer.Ordinal).ToList();
            var lost = a.Except(b).Order(StringComparer.Ordinal).ToList();
            if (gained.Count > 0 || lost.Count > 0)
                lines.Add((key.Subject, key.Resource, $"{key.Subject} {key.Resource} +[{string.Join(',', gained)}] -[{string.Join(',', lost)}]"));
        }
        return [.. lines.OrderBy(l => l.Subject, StringComparer.Ordinal).ThenBy(l => l.Resource, StringComparer.Ordinal).Select(l => l.Line)];
    }

    private static Dictionary<(string Subject, string Resource), ImmutableArray<string>> Effective(AccessEngine engine) =>
        engine.Model.Users.Select(u => SubjectRef.User(u.UserName))
            .Concat(engine.Model.ServiceAccounts.Select(s => SubjectRef.ServiceAccount(s.Namespace, s.Name)))
            .Select(engine.Effective)
            .SelectMany(e => e.Entries.Select(x => (Key: (e.Subject, x.Resource), x.Permissions)))
            .ToDictionary(x => x.Key, x => x.Permissions);
}
