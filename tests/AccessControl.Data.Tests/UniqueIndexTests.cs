using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Testing;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class UniqueIndexTests : DatabaseTest
{
    private async Task AssertDuplicateRefused(object first, object duplicate)
    {
        await AddAsync(first);
        await Assert.ThrowsAsync<DbUpdateException>(() => AddAsync(duplicate));
    }

    [Fact]
    public Task A_userName_differing_only_in_case_is_refused() =>
        AssertDuplicateRefused(TestData.User("alice"), TestData.User("ALICE"));

    [Fact]
    public async Task The_normalized_userName_is_set_on_save_whatever_the_caller_wrote()
    {
        var user = TestData.User("Bob");
        user.NormalizedUserName = "whatever";
        await AddAsync(user);
        await using var db = NewContext();
        Assert.Equal("BOB", (await db.Users.SingleAsync()).NormalizedUserName);
    }

    [Fact]
    public Task An_org_name_is_unique() =>
        AssertDuplicateRefused(TestData.Org("engineering"), TestData.Org("engineering"));

    [Fact]
    public async Task A_team_name_is_unique_within_its_org_only()
    {
        var (engineering, sales) = (TestData.Org("engineering"), TestData.Org("sales"));
        await AddAsync(engineering, sales, TestData.Team(engineering.Id, "backend"));
        await AddAsync(TestData.Team(sales.Id, "backend"));
        await Assert.ThrowsAsync<DbUpdateException>(() => AddAsync(TestData.Team(engineering.Id, "backend")));
    }

    [Fact]
    public Task A_service_account_is_unique_by_namespace_and_name() =>
        AssertDuplicateRefused(TestData.ServiceAccount("payments", "ci-bot"), TestData.ServiceAccount("payments", "ci-bot"));

    [Fact]
    public Task A_role_name_differing_only_in_case_is_refused() =>
        AssertDuplicateRefused(TestData.Role("Deployer", "service.create"), TestData.Role("deployer"));

    [Fact]
    public Task A_built_in_role_name_cannot_be_reused_in_another_case() =>
        Assert.ThrowsAsync<DbUpdateException>(() => AddAsync(TestData.Role("full control")));

    [Fact]
    public async Task A_collection_sibling_name_differing_only_in_case_is_refused_but_a_cousin_is_fine()
    {
        await AddAsync(TestData.Collection(BuiltInCollections.Root, "prod"));
        await AddAsync(TestData.Collection(BuiltInCollections.Shared, "PROD"));
        await Assert.ThrowsAsync<DbUpdateException>(() => AddAsync(TestData.Collection(BuiltInCollections.Root, "Prod")));
    }

    [Fact]
    public Task A_namespace_name_is_unique() =>
        AssertDuplicateRefused(TestData.Namespace("payments"), TestData.Namespace("payments"));

    [Fact]
    public async Task A_grant_triple_is_unique()
    {
        var alice = TestData.User("alice");
        await AddAsync(alice);
        await AssertDuplicateRefused(
            TestData.GrantOnCollection(SubjectKind.User, alice.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared),
            TestData.GrantOnCollection(SubjectKind.User, alice.Id, BuiltInRoles.ViewOnly, BuiltInCollections.Shared));
        // Another role on the same resource is another grant.
        await AddAsync(TestData.GrantOnCollection(SubjectKind.User, alice.Id, BuiltInRoles.Scheduler, BuiltInCollections.Shared));
    }

    [Fact]
    public Task A_setting_key_is_unique() =>
        AssertDuplicateRefused(new Data.Entities.Setting { Key = "k", Value = "1" }, new Data.Entities.Setting { Key = "k", Value = "2" });
}

[Trait("Database", "Sqlite")]
public sealed class UniqueIndexTestsOnSqlite : UniqueIndexTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class UniqueIndexTestsOnPostgres : UniqueIndexTests { protected override string Provider => "Postgres"; }
