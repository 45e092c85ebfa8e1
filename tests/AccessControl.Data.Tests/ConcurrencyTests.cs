using AccessControl.Testing;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class ConcurrencyTests : DatabaseTest
{
    [Fact]
    public async Task The_second_of_two_concurrent_updates_of_a_user_fails()
    {
        await AddAsync(TestData.User("alice"));
        await using var first = NewContext();
        await using var second = NewContext();
        var a = await first.Users.SingleAsync();
        var b = await second.Users.SingleAsync();

        a.DisplayName = "Alice";
        await first.SaveChangesAsync();
        b.DisplayName = "Alicia";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = NewContext();
        Assert.Equal("Alice", (await check.Users.SingleAsync()).DisplayName);
    }

    [Fact]
    public async Task Every_save_gives_a_versioned_row_a_new_version()
    {
        var alice = TestData.User("alice");
        await AddAsync(alice);
        Assert.NotEqual(Guid.Empty, alice.Version);
        var created = alice.Version;

        await using var db = NewContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal(created, user.Version);
        user.Email = "alice@example.com";
        await db.SaveChangesAsync();
        Assert.NotEqual(created, user.Version);
    }

    [Fact]
    public async Task A_stale_etag_given_as_the_original_version_is_refused()
    {
        var alice = TestData.User("alice");
        await AddAsync(alice);
        var etag = alice.Version;
        await using (var db = NewContext())
        {
            (await db.Users.SingleAsync()).IsAdmin = true;
            await db.SaveChangesAsync();
        }

        // How an If-Match header is honoured: the client's version becomes the original value checked by the UPDATE.
        await using var stale = NewContext();
        var user = await stale.Users.SingleAsync();
        stale.Entry(user).Property(u => u.Version).OriginalValue = etag;
        user.Active = false;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
    }
}

[Trait("Database", "Sqlite")]
public sealed class ConcurrencyTestsOnSqlite : ConcurrencyTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class ConcurrencyTestsOnPostgres : ConcurrencyTests { protected override string Provider => "Postgres"; }
