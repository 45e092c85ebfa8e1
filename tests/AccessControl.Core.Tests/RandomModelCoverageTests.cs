using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>Guards the property tests against a generator that drifts into asking only trivial questions.</summary>
public class RandomModelCoverageTests
{
    [Fact]
    public void Random_questions_reach_every_kind_of_answer()
    {
        var seen = new Dictionary<string, int>();
        void Saw(string what) => seen[what] = seen.GetValueOrDefault(what) + 1;
        for (var seed = 0; seed < 60; seed++)
        {
            var model = RandomModels.Generate(seed);
            var engine = AccessEngine.Build(model);
            var oracle = new Oracle(model, PermissionCatalog.Default);
            var rng = new Random(seed);
            var subjects = oracle.AllSubjects().ToList();
            var resources = oracle.AllResources().ToList();
            for (var q = 0; q < 200; q++)
            {
                var s = subjects[rng.Next(subjects.Count)];
                var r = resources[rng.Next(resources.Count)];
                var d = engine.Check(SubjectRef.Parse(oracle.RefOf(s)), RandomModels.PickPermission(rng, model), ResourceRef.Parse(oracle.RefOf(r)));
                Saw(d.ViaAdmin ? "admin" : d.Allowed ? "allowed" : d.Denial!.Value.ToString());
                if (d.Nearest.Length > 0) Saw("nearest");
                if (d.Because.Length > 1) Saw("several grants");
                foreach (var b in d.Because)
                {
                    Saw(b.InheritedFrom is null ? "direct" : b.InheritedFrom == "namespace:*" ? "from namespace:*" : "inherited");
                    Saw("via " + b.Via[..b.Via.IndexOf(':')]);
                }
            }
        }
        string[] kinds = ["admin", "allowed", "Inactive", "NotApplicable", "NoGrant", "nearest", "several grants", "direct",
            "inherited", "from namespace:*", "via user", "via team", "via org", "via serviceaccount"];
        Assert.All(kinds, k => Assert.True(seen.GetValueOrDefault(k) >= 5, $"{k}: {seen.GetValueOrDefault(k)}"));
    }
}
