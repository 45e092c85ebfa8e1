using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using CsCheck;

namespace AccessControl.Core.Tests;

/// <summary>The dashboard's "users with access per collection" against its definition: count the effective permissions.</summary>
public class CollectionAudienceTests
{
    [Fact]
    public void Counts_equal_the_users_whose_effective_permissions_list_each_collection() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var model = RandomModels.Generate(seed, scale: 2);
            var engine = AccessEngine.Build(model);
            var expected = model.Users.Where(u => u.Active && !u.IsAdmin)
                .SelectMany(u => engine.Effective(SubjectRef.User(u.UserName)).Entries.Select(e => e.Resource)
                    .Where(r => r.StartsWith("collection:", StringComparison.Ordinal)))
                .GroupBy(r => r)
                .ToDictionary(g => g.Key, g => g.Count());
            var actual = CollectionAudience.Count(model, engine.Index, PermissionCatalog.Default)
                .ToDictionary(c => "collection:" + engine.Index.PathOf(c.Key), c => c.Value);
            Assert.Equal(expected.OrderBy(x => x.Key, StringComparer.Ordinal), actual.OrderBy(x => x.Key, StringComparer.Ordinal));
        }, iter: 200);
}
