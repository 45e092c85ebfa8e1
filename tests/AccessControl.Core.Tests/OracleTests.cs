using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using CsCheck;

namespace AccessControl.Core.Tests;

/// <summary>The engine against the brute-force <see cref="Oracle"/> on hundreds of random models.</summary>
public class OracleTests
{
    private const int Questions = 150;

    [Fact]
    public void Check_who_can_and_effective_agree_with_the_oracle_on_small_models() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Compare(seed, scale: 1), iter: 300);

    [Fact]
    public void Check_who_can_and_effective_agree_with_the_oracle_on_larger_models() =>
        Gen.Int[0, int.MaxValue].Sample(seed => Compare(seed, scale: 3), iter: 40);

    /// <summary>
    /// The allocation-free path a batch takes: the references parsed from text as spans, resolved, decided, and the
    /// explanation walked instead of built: the same answer as <see cref="AccessEngine.Check"/>.
    /// </summary>
    private static void AssertSpanPathAgrees(AccessEngine engine, SubjectRef subject, string permission, ResourceRef resource, Decision expected, string context)
    {
        Assert.True(SubjectRef.TryParse(subject.ToString().AsSpan(), out var sk, out var sn), context);
        Assert.True(ResourceRef.TryParse(resource.ToString().AsSpan(), out var rk, out var rn), context);
        var verdict = engine.Decide(engine.Resolve(sk, sn, permission, rk, rn));
        Assert.True(verdict.Allowed == expected.Allowed && verdict.ViaAdmin == expected.ViaAdmin && verdict.Denial == expected.Denial, context);
        Assert.Equal(expected.Reason, verdict.Reason());
        var buffer = new char[4096];
        Assert.True(verdict.TryFormatReason(buffer, out var length), context);
        Assert.Equal(expected.Reason ?? "", new string(buffer, 0, length));
        if (length > 0) Assert.False(verdict.TryFormatReason(buffer.AsSpan(0, length - 1), out _), context);
        var walked = new List<GrantView>();
        foreach (var g in verdict.Grants()) walked.Add(g);
        if (expected.Allowed)
            Assert.Equal(expected.Because.Select(b => new GrantView(b.Grant, b.Subject, b.Role, b.Resource, b.Via, b.InheritedFrom)), walked);
        else
            Assert.Equal(expected.Nearest.Select(n => new GrantView(n.Grant, n.Subject, n.Role, n.Resource, n.Via, null)), walked);
    }

    private static Oracle.Reason ReasonOf(Because b) => new(b.Grant, b.Subject, b.Role, b.Resource, b.Via, b.InheritedFrom);

    private static void Compare(int seed, int scale)
    {
        var model = RandomModels.Generate(seed, scale);
        Compare(model, AccessEngine.Build(model), seed);
    }

    /// <summary>Random checks, who-can and effective questions of <paramref name="engine"/>, each answered as the oracle answers on <paramref name="model"/>.</summary>
    internal static void Compare(AccessModel model, AccessEngine engine, int seed)
    {
        var oracle = new Oracle(model, PermissionCatalog.Default);
        var rng = new Random(seed ^ 0x5EED);
        var subjects = oracle.AllSubjects().ToList();
        var resources = oracle.AllResources().ToList();

        for (var q = 0; q < Questions; q++)
        {
            var s = subjects[rng.Next(subjects.Count)];
            var r = resources[rng.Next(resources.Count)];
            var p = RandomModels.PickPermission(rng, model);
            var subjectRef = SubjectRef.Parse(RandomModels.Jumble(rng, oracle.RefOf(s)) is var t && s.Kind == SubjectKind.User ? t : oracle.RefOf(s));
            var resourceRef = ResourceRef.Parse(r.Kind == ResourceKind.Collection ? RandomModels.Jumble(rng, oracle.RefOf(r)) : oracle.RefOf(r));
            var context = $"seed {seed}: check {subjectRef} {p} {resourceRef}";
            var expected = oracle.Check(s, p, r);
            var actual = engine.Check(subjectRef, p, resourceRef);
            Assert.True(expected.Allowed == actual.Allowed, context);
            Assert.True(expected.ViaAdmin == actual.ViaAdmin, context);
            Assert.True(expected.Denial == actual.Denial, context);
            Assert.Equal(expected.Because, actual.Because.Select(ReasonOf));
            Assert.Equal(expected.Nearest, actual.Nearest.Select(n => n.Grant));
            Assert.True(actual.Allowed ? actual.Reason is null : !string.IsNullOrEmpty(actual.Reason), context);
            AssertSpanPathAgrees(engine, subjectRef, p, resourceRef, actual, context);
        }

        for (var q = 0; q < Questions / 10; q++)
        {
            var r = resources[rng.Next(resources.Count)];
            var p = RandomModels.PickPermission(rng, model);
            var actual = engine.WhoCan(p, ResourceRef.Parse(oracle.RefOf(r)));
            var context = $"seed {seed}: who can {p} {oracle.RefOf(r)}";
            var users = model.Users.Select(u => (u, a: oracle.Check(new(SubjectKind.User, u.Id), p, r))).Where(x => x.a.Allowed)
                .OrderBy(x => x.u.UserName, StringComparer.OrdinalIgnoreCase)
                .Select(x => (x.u.Id, x.u.UserName, x.a.ViaAdmin, string.Join(",", x.a.Because.Select(b => b.Grant))));
            Assert.Equal(users, actual.Users.Select(u => (u.Id, u.UserName, u.IsAdmin, string.Join(",", u.Because.Select(b => b.Grant)))));
            var accounts = model.ServiceAccounts.Select(a => (a, c: oracle.Check(new(SubjectKind.ServiceAccount, a.Id), p, r))).Where(x => x.c.Allowed)
                .OrderBy(x => x.a.Namespace, StringComparer.Ordinal).ThenBy(x => x.a.Name, StringComparer.Ordinal)
                .Select(x => (x.a.Id, string.Join(",", x.c.Because.Select(b => b.Grant))));
            Assert.Equal(accounts, actual.ServiceAccounts.Select(a => (a.Id, string.Join(",", a.Because.Select(b => b.Grant)))));
            var applicable = !oracle.Check(new(SubjectKind.User, model.Users[0].Id), p, r).Denial.Equals(DenialReason.NotApplicable);
            Assert.True(applicable == actual.NotApplicable is null, context);
        }

        foreach (var s in subjects.Where(_ => rng.NextDouble() < 0.5))
        {
            var expected = oracle.Effective(s);
            var actual = engine.Effective(SubjectRef.Parse(oracle.RefOf(s)));
            Assert.Equal([.. expected.Keys], actual.Entries.Select(e => e.Resource).ToArray());
            foreach (var e in actual.Entries)
            {
                Assert.Equal([.. expected[e.Resource].Permissions], e.Permissions.ToArray());
                Assert.Equal([.. expected[e.Resource].Because], e.Because.Select(ReasonOf).ToArray());
            }
            var user = s.Kind == SubjectKind.User ? model.Users.First(u => u.Id == s.Id) : null;
            Assert.Equal(user?.Active ?? true, actual.Active);
            Assert.Equal(user?.IsAdmin ?? false, actual.IsAdmin);
            Assert.Equal(oracle.RefOf(s), actual.Subject);
        }
    }
}
