using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using AccessControl.Testing;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

/// <summary>
/// The grants grid's paging (GrantGrid.PageAsync): every sort in both directions orders by the right name, pages read from
/// the far end of the list (past its middle) are exactly the pages read forwards, and no grant repeats or goes missing.
/// </summary>
public abstract class GrantGridTests : DatabaseTest
{
    private readonly Dictionary<Guid, (string Subject, string Role, string Resource, DateTime CreatedAt, string CreatedBy)> keys = [];

    private async Task SeedAsync()
    {
        var (ann, bob) = (TestData.User("ann"), TestData.User("bob"));
        var org = TestData.Org("Cedar");
        var team = TestData.Team(org.Id, "Dune");
        var account = TestData.ServiceAccount("ember", "ci");
        var ns = TestData.Namespace("fjord");
        await AddAsync(ann, bob, org, team, account, ns);
        var subjects = new (SubjectKind Kind, Guid Id, string Name)[]
        {
            (SubjectKind.User, ann.Id, "ANN"), (SubjectKind.User, bob.Id, "BOB"), (SubjectKind.Org, org.Id, "CEDAR"),
            (SubjectKind.Team, team.Id, "DUNE"), (SubjectKind.ServiceAccount, account.Id, "EMBER/CI"),
        };
        var roles = new (string Id, string Name)[]
            { (BuiltInRoles.ViewOnly, "VIEW ONLY"), (BuiltInRoles.FullControl, "FULL CONTROL"), (BuiltInRoles.Scheduler, "SCHEDULER") };
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var grants = new List<Grant>();
        var i = 0;
        foreach (var s in subjects)
            foreach (var r in roles)
            {
                var onNamespace = i % 3 == 0;
                var g = onNamespace
                    ? TestData.GrantOnNamespace(s.Kind, s.Id, r.Id, ns.Id)
                    : TestData.GrantOnCollection(s.Kind, s.Id, r.Id, i % 2 == 0 ? BuiltInCollections.Shared : BuiltInCollections.Legacy);
                // Equal creation times and creators in pairs: the id breaks those ties.
                g.CreatedAt = start.AddMinutes(i / 2);
                g.CreatedBy = $"user:{(char)('a' + i % 4)}";
                grants.Add(g);
                keys[g.Id] = (s.Name, r.Name, onNamespace ? "FJORD" : i % 2 == 0 ? "SHARED" : "LEGACY", g.CreatedAt, g.CreatedBy);
                i++;
            }
        await AddAsync([.. grants]);
    }

    /// <summary>The grants this test made (the built-ins come with a grant of their own).</summary>
    private static IQueryable<Grant> Mine(AccessControlDbContext db) => db.Grants.AsNoTracking().Where(g => g.CreatedBy.StartsWith("user:"));

    private IComparable Key(Guid id, GrantSort sort) => sort switch
    {
        GrantSort.Subject => keys[id].Subject,
        GrantSort.Role => keys[id].Role,
        GrantSort.Resource => keys[id].Resource,
        GrantSort.CreatedAt => keys[id].CreatedAt,
        _ => keys[id].CreatedBy,
    };

    [Theory]
    [InlineData(GrantSort.Subject)]
    [InlineData(GrantSort.Role)]
    [InlineData(GrantSort.Resource)]
    [InlineData(GrantSort.CreatedAt)]
    [InlineData(GrantSort.CreatedBy)]
    public async Task Every_page_in_both_directions_is_the_sorted_list_cut_in_pages(GrantSort sort)
    {
        await SeedAsync();
        var lists = new Dictionary<bool, List<Guid>>();
        foreach (var descending in new[] { false, true })
        {
            await using var db = NewContext();
            var all = await GrantGrid.SortedIds(db, Mine(db), sort, descending).ToListAsync();
            Assert.Equal(keys.Count, all.Count);
            var sortKeys = all.Select(id => Key(id, sort)).ToList();
            var expected = descending ? sortKeys.OrderDescending(Comparer<IComparable>.Create(Compare)) : sortKeys.Order(Comparer<IComparable>.Create(Compare));
            Assert.Equal(expected, sortKeys);

            foreach (var size in new[] { 2, 4, 7 })
            {
                var paged = new List<Guid>();
                for (var offset = 0; offset < all.Count; offset += size)
                    paged.AddRange((await GrantGrid.PageAsync(db, Mine(db), sort, descending, offset, size, all.Count, CancellationToken.None)).Select(g => g.Id));
                Assert.Equal(all, paged);
            }
            Assert.Empty(await GrantGrid.PageAsync(db, Mine(db), sort, descending, all.Count, 5, all.Count, CancellationToken.None));
            lists[descending] = all;
        }
        // Ties break on the id in the sort's direction: descending is exactly ascending reversed.
        Assert.Equal(Enumerable.Reverse(lists[false]), lists[true]);
    }

    [Fact]
    public async Task A_filtered_view_pages_only_its_own_grants()
    {
        await SeedAsync();
        await using var db = NewContext();
        var q = Mine(db).Where(g => g.RoleId == BuiltInRoles.Scheduler);
        var total = await q.CountAsync();
        Assert.Equal(5, total);
        var paged = new List<Guid>();
        for (var offset = 0; offset < total; offset += 2)
            paged.AddRange((await GrantGrid.PageAsync(db, q, GrantSort.Subject, false, offset, 2, total, CancellationToken.None)).Select(g => g.Id));
        Assert.Equal(["ANN", "BOB", "CEDAR", "DUNE", "EMBER/CI"], paged.Select(id => keys[id].Subject));
    }

    [Fact]
    public async Task Renaming_a_subject_or_a_resource_set_moves_its_grants_in_the_name_sorts_and_the_audit_leaves_the_copies_out()
    {
        await SeedAsync();
        await using (var db = NewContext())
        {
            var ann = await db.Users.SingleAsync(u => u.UserName == "ann");
            (ann.UserName, ann.NormalizedUserName) = ("zoe", "ZOE");
            (await db.Teams.SingleAsync(t => t.Name == "Dune")).Name = "Aspen";
            (await db.Namespaces.SingleAsync(n => n.Name == "fjord")).Name = "alpine";
            await db.SaveChangesAsync();
        }
        await using var check = NewContext();
        var grants = await Mine(check).ToListAsync();
        Assert.All(grants.Where(g => g.UserId != null && keys[g.Id].Subject == "ANN"), g => Assert.Equal("ZOE", g.SubjectName));
        Assert.All(grants.Where(g => g.TeamId != null), g => Assert.Equal("ASPEN", g.SubjectName));
        Assert.All(grants.Where(g => g.NamespaceId != null), g => Assert.Equal("ALPINE", g.ResourceName));
        Assert.All(grants.Where(g => g.OrgId != null), g => Assert.Equal("CEDAR", g.SubjectName));
        var bySubject = await GrantGrid.SortedIds(check, Mine(check), GrantSort.Subject, false).ToListAsync();
        Assert.Equal(grants.Where(g => g.TeamId != null).Select(g => g.Id).ToHashSet(), bySubject.Take(3).ToHashSet());
        Assert.Equal(grants.Where(g => g.UserId != null && g.SubjectName == "ZOE").Select(g => g.Id).ToHashSet(), bySubject.TakeLast(3).ToHashSet());
        var grantAudit = await check.AuditEntries.Where(a => a.EntityType == "Grant").Select(a => a.After).ToListAsync();
        Assert.NotEmpty(grantAudit);
        Assert.All(grantAudit, json => Assert.DoesNotContain("SubjectName", json!));
    }

    [Fact]
    public async Task A_rename_refused_as_stale_leaves_the_grants_names_as_they_were()
    {
        await SeedAsync();
        await using var stale = NewContext();
        var team = await stale.Teams.SingleAsync(t => t.Name == "Dune");
        await using (var other = NewContext())
        {
            (await other.Teams.SingleAsync(t => t.Name == "Dune")).Name = "Birch";
            await other.SaveChangesAsync();
        }
        team.Name = "Aspen";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        await using var check = NewContext();
        Assert.Equal(["BIRCH"], await check.Grants.Where(g => g.TeamId != null).Select(g => g.SubjectName).Distinct().ToListAsync());
    }

    private static int Compare(IComparable? a, IComparable? b) =>
        a is string x && b is string y ? string.CompareOrdinal(x, y) : Comparer<IComparable>.Default.Compare(a!, b!);
}

[Trait("Database", "Sqlite")]
public sealed class GrantGridTestsOnSqlite : GrantGridTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class GrantGridTestsOnPostgres : GrantGridTests { protected override string Provider => "Postgres"; }
