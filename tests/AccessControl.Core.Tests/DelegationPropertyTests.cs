using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// The no-escalation rule on random models: whatever grant <see cref="Delegation"/> allows, applying it gives no user
/// and no service account a permission on any resource set that the delegated admin does not hold there; every refusal
/// for escalation lists exactly the role's permissions the admin lacks. The admin's holdings come from the brute-force
/// <see cref="Oracle"/>; what the grant changes comes from the engine before and after.
/// </summary>
public class DelegationPropertyTests
{
    private static readonly PermissionCatalog Catalog = PermissionCatalog.Default;
    private const int Models = 300;
    private const int AttemptsPerModel = 12;

    [Fact]
    public void A_grant_delegation_allows_never_widens_anyone_beyond_the_admin()
    {
        var seen = new Dictionary<string, int>();
        for (var seed = 0; seed < Models; seed++)
        {
            var model = RandomModels.Generate(10_000 + seed);
            var engine = AccessEngine.Build(model);
            var oracle = new Oracle(model, Catalog);
            var rng = new Random(seed);
            var before = EffectiveOfEveryone(engine, oracle);
            for (var a = 0; a < AttemptsPerModel; a++)
            {
                var admin = model.Users[rng.Next(model.Users.Length)];
                var adminSubject = new Oracle.Subj(SubjectKind.User, admin.Id);
                var held = oracle.Effective(adminSubject);
                var resource = PickResource(rng, model, oracle, held);
                var role = PickRole(rng, model, oracle, held, resource);
                var decision = Delegation.CanCreateGrant(engine, RandomModels.Jumble(rng, admin.UserName), role, ResourceRef.Parse(oracle.RefOf(resource)));
                seen[decision.Refusal?.ToString() ?? "Allowed"] = seen.GetValueOrDefault(decision.Refusal?.ToString() ?? "Allowed") + 1;

                var managesThere = resource.Kind == ResourceKind.Collection && oracle.Check(adminSubject, Delegation.GrantManage, resource).Allowed;
                if (resource.Kind != ResourceKind.Collection) Assert.Equal(DelegationRefusal.NotApplicable, decision.Refusal);
                else if (!managesThere) Assert.Equal(DelegationRefusal.NoGrantManage, decision.Refusal);
                else
                {
                    var lacking = role.Permissions
                        .Where(p => Catalog.Contains(p) && oracle.Applicable(Catalog.Get(p), ResourceKind.Collection))
                        .Where(p => !oracle.Check(adminSubject, p, resource).Allowed).ToHashSet();
                    if (lacking.Count == 0) Assert.True(decision.Allowed, decision.Reason);
                    else
                    {
                        Assert.Equal(DelegationRefusal.Escalation, decision.Refusal);
                        Assert.Equal(lacking.Order(StringComparer.Ordinal), decision.Missing.Order(StringComparer.Ordinal));
                        Assert.Contains(string.Join(", ", decision.Missing), decision.Reason);
                    }
                }
                if (!decision.Allowed) continue;

                var subjects = oracle.AllSubjects().ToList();
                var subject = subjects[rng.Next(subjects.Count)];
                var applied = Apply(model, role, subject, resource);
                var after = EffectiveOfEveryone(AccessEngine.Build(applied), new Oracle(applied, Catalog));
                var adminHeld = held.ToDictionary(e => e.Key, e => e.Value.Permissions);
                var probe = new GrantInfo(Guid.Empty, subject.Kind, subject.Id, role.Id, resource.Kind, resource.CollectionId, resource.NamespaceId);
                var subtree = oracle.AllResources().Where(r => oracle.Distance(probe, r) is not null).Select(oracle.RefOf).ToHashSet();
                foreach (var (who, perResource) in after)
                    foreach (var (on, permissions) in perResource)
                    {
                        var gained = permissions.Except(before[who].GetValueOrDefault(on) ?? []).ToList();
                        if (gained.Count == 0) continue;
                        seen["widened someone"] = seen.GetValueOrDefault("widened someone") + 1;
                        Assert.True(subtree.Contains(on), $"seed {seed}: a grant on {oracle.RefOf(resource)} changed {who} on {on}, outside its subtree");
                        var allowedThere = adminHeld.GetValueOrDefault(on) ?? [];
                        Assert.True(gained.All(allowedThere.Contains),
                            $"seed {seed}: {admin.UserName} granted role {role.Id} on {oracle.RefOf(resource)} to {oracle.RefOf(subject)}; " +
                            $"{who} gained on {on}: {string.Join(", ", gained.Where(p => !allowedThere.Contains(p)))}, which the admin lacks there");
                    }
            }
        }
        foreach (var kind in new[] { "Allowed", "Escalation", "NoGrantManage", "NotApplicable", "widened someone" })
            Assert.True(seen.GetValueOrDefault(kind) >= 20, $"{kind}: {seen.GetValueOrDefault(kind)} ({string.Join(", ", seen)})");
    }

    [Fact]
    public void Deletion_needs_only_grant_manage_on_the_grants_resource()
    {
        for (var seed = 0; seed < 60; seed++)
        {
            var model = RandomModels.Generate(20_000 + seed);
            var engine = AccessEngine.Build(model);
            var oracle = new Oracle(model, Catalog);
            foreach (var user in model.Users)
                foreach (var r in oracle.AllResources())
                {
                    var d = Delegation.CanDeleteGrant(engine, user.UserName, ResourceRef.Parse(oracle.RefOf(r)));
                    var expected = r.Kind == ResourceKind.Collection && oracle.Check(new(SubjectKind.User, user.Id), Delegation.GrantManage, r).Allowed;
                    Assert.Equal(expected, d.Allowed);
                }
        }
    }

    [Fact]
    public void An_unknown_user_is_refused()
    {
        var engine = AccessEngine.Build(RandomModels.Generate(1));
        var d = Delegation.CanCreateGrant(engine, "nobody-here", new RoleInfo("none", "None", []), ResourceRef.Collection("/"));
        Assert.Equal(DelegationRefusal.UnknownUser, d.Refusal);
    }

    /// <summary>Mostly a collection where the admin holds grant.manage (else allowed cases would be rare).</summary>
    private static Oracle.Res PickResource(Random rng, AccessModel m, Oracle oracle, SortedDictionary<string, (SortedSet<string> Permissions, List<Oracle.Reason> Because)> held)
    {
        var all = oracle.AllResources().ToList();
        var managed = all.Where(r => r.Kind == ResourceKind.Collection && held.TryGetValue(oracle.RefOf(r), out var h) && h.Permissions.Contains(Delegation.GrantManage)).ToList();
        return managed.Count > 0 && rng.NextDouble() < 0.7 ? managed[rng.Next(managed.Count)] : all[rng.Next(all.Count)];
    }

    /// <summary>A role of the model, or an ad-hoc one made mostly of what the admin holds there (sometimes plus a bit more).</summary>
    private static RoleInfo PickRole(Random rng, AccessModel m, Oracle oracle, SortedDictionary<string, (SortedSet<string> Permissions, List<Oracle.Reason> Because)> held, Oracle.Res r)
    {
        if (rng.NextDouble() < 0.4)
        {
            var ids = m.Roles.Select(x => x.Id).Concat(BuiltInRoles.All.Select(x => x.Id)).Distinct().ToList();
            var id = ids[rng.Next(ids.Count)];
            return new RoleInfo(id, id, [.. oracle.RolePermissions(id)]);
        }
        var mine = held.TryGetValue(oracle.RefOf(r), out var h) ? h.Permissions.ToList() : [];
        var perms = mine.Where(_ => rng.NextDouble() < 0.5).ToList();
        if (rng.NextDouble() < 0.5) perms.Add(Catalog.All[rng.Next(Catalog.Count)].Id);
        if (rng.NextDouble() < 0.2) perms.Add(Catalog.All.First(p => p.Kind == PermissionKind.Kubernetes).Id); // never effective on a collection
        return new RoleInfo("adhoc", "Ad hoc", [.. perms.Distinct()]);
    }

    private static AccessModel Apply(AccessModel m, RoleInfo role, Oracle.Subj subject, Oracle.Res r)
    {
        var roles = role.Id == "adhoc" ? m.Roles.Add(role) : m.Roles;
        var grant = new GrantInfo(Guid.NewGuid(), subject.Kind, subject.Id, role.Id, r.Kind, r.CollectionId, r.NamespaceId);
        return m with { Roles = roles, Grants = m.Grants.Add(grant) };
    }

    /// <summary>For every user and service account: resource reference → effective permissions.</summary>
    private static Dictionary<string, Dictionary<string, HashSet<string>>> EffectiveOfEveryone(AccessEngine engine, Oracle oracle) =>
        oracle.AllSubjects().Where(s => s.Kind is SubjectKind.User or SubjectKind.ServiceAccount).ToDictionary(
            oracle.RefOf,
            s => engine.Effective(SubjectRef.Parse(oracle.RefOf(s))).Entries.ToDictionary(e => e.Resource, e => e.Permissions.ToHashSet()));
}
