using AccessControl.Bench.Generation;
using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Core.Tests;

namespace AccessControl.Bench.Tests;

/// <summary>issue 7's acceptance: the engine agrees with the brute-force oracle on the generated medium model.</summary>
public class OracleAgreementTests
{
    private static readonly Lazy<(AccessEngine Engine, Oracle Oracle, Questions Questions)> Setup = new(() =>
    {
        var m = Models.Medium.Model;
        return (AccessEngine.Build(m), new Oracle(m, PermissionCatalog.Default), Questions.Draw(m, seed: 2024, checks: 10_000, whoCan: 2, effective: 2));
    });

    private static Oracle.Res Res(BenchResource r) => new(r.Kind, r.CollectionId, r.NamespaceId);

    [Fact]
    public void Check_agrees_with_the_oracle_on_10000_random_questions()
    {
        var (engine, oracle, q) = Setup.Value;
        var m = Models.Medium.Model;
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, q.Checks.Length, i =>
        {
            var c = q.Checks[i];
            var user = m.Users[c.User];
            var r = q.Resources[c.Resource];
            var expected = oracle.Check(new Oracle.Subj(SubjectKind.User, user.Id), c.Permission, Res(r));
            var actual = engine.Check(SubjectRef.User(user.UserName), c.Permission, r.Ref);
            var same = expected.Allowed == actual.Allowed && expected.ViaAdmin == actual.ViaAdmin && expected.Denial == actual.Denial
                && expected.Because.Select(b => (b.Grant, b.InheritedFrom)).SequenceEqual(actual.Because.Select(b => (b.Grant, b.InheritedFrom)))
                && expected.Nearest.SequenceEqual(actual.Nearest.Select(n => n.Grant));
            if (!same) mismatches.Add($"user:{user.UserName} {c.Permission} {r.Ref}: oracle {expected.Allowed}, engine {actual.Allowed}");
        });
        Assert.Empty(mismatches);
        // The sample exercises both answers.
        Assert.InRange(q.Checks.Count(c => engine.Check(SubjectRef.User(m.Users[c.User].UserName), c.Permission, q.Resources[c.Resource].Ref).Allowed), 1_000, 9_000);
    }

    [Fact]
    public void Who_can_agrees_with_the_oracle_on_a_sample()
    {
        var (engine, oracle, q) = Setup.Value;
        var m = Models.Medium.Model;
        foreach (var w in q.WhoCan)
        {
            var r = q.Resources[w.Resource];
            var expected = m.Users.AsParallel().Where(u => oracle.Check(new Oracle.Subj(SubjectKind.User, u.Id), w.Permission, Res(r)).Allowed)
                .Select(u => u.Id).ToList().Concat(m.ServiceAccounts.Where(a => oracle.Check(new Oracle.Subj(SubjectKind.ServiceAccount, a.Id), w.Permission, Res(r)).Allowed)
                    .Select(a => a.Id)).Order().ToList();
            var actual = engine.WhoCan(w.Permission, r.Ref);
            Assert.Equal(expected, actual.Users.Select(u => u.Id).Concat(actual.ServiceAccounts.Select(a => a.Id)).Order().ToList());
        }
    }

    [Fact]
    public void Effective_agrees_with_the_oracle_on_a_sample()
    {
        var (engine, oracle, q) = Setup.Value;
        var m = Models.Medium.Model;
        foreach (var u in q.EffectiveUsers.Select(i => m.Users[i]).Where(u => !u.IsAdmin))
        {
            var expected = oracle.Effective(new Oracle.Subj(SubjectKind.User, u.Id));
            var actual = engine.Effective(SubjectRef.User(u.UserName));
            Assert.Equal([.. expected.Keys], actual.Entries.Select(e => e.Resource).ToArray());
            foreach (var e in actual.Entries)
                Assert.Equal([.. expected[e.Resource].Permissions], e.Permissions.ToArray());
        }
    }
}
