using System.Text.Json;
using AccessControl.Data.Entities;
using AccessControl.Testing;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Data.Tests;

public abstract class AuditTests : DatabaseTest
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<List<AuditEntry>> AuditOf(string action)
    {
        await using var db = NewContext();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;

    [Fact]
    public async Task Each_change_is_audited_in_the_same_save_with_its_state_before_and_after()
    {
        var clock = new FixedClock(Noon);
        var alice = TestData.User("alice");
        Guid changeId;
        await using (var db = Database.CreateContext(clock))
        {
            (db.Actor, db.Action, changeId) = ("user:root", "user.create", db.ChangeId);
            db.Users.Add(alice);
            await db.SaveChangesAsync();
        }
        var created = Assert.Single(await AuditOf("user.create"));
        Assert.Equal((changeId, "user:root", "User", alice.Id.ToString(), "Added"),
            (created.ChangeId, created.Actor, created.EntityType, created.EntityKey, created.Operation));
        Assert.Equal(Noon.UtcDateTime, created.At);
        Assert.Equal(DateTimeKind.Utc, created.At.Kind);
        Assert.Null(created.Before);
        Assert.Equal("alice", Json(created.After).GetProperty("UserName").GetString());
        Assert.Equal(Noon.UtcDateTime, Json(created.After).GetProperty("CreatedAt").GetDateTime().ToUniversalTime());

        await using (var db = Database.CreateContext(clock))
        {
            db.Action = "user.update";
            (await db.Users.SingleAsync()).DisplayName = "Alice";
            await db.SaveChangesAsync();
        }
        var updated = Assert.Single(await AuditOf("user.update"));
        Assert.Equal("Modified", updated.Operation);
        Assert.Equal(JsonValueKind.Null, Json(updated.Before).GetProperty("DisplayName").ValueKind);
        Assert.Equal("Alice", Json(updated.After).GetProperty("DisplayName").GetString());
        Assert.NotEqual(Json(updated.Before).GetProperty("Version").GetGuid(), Json(updated.After).GetProperty("Version").GetGuid());

        await using (var db = Database.CreateContext(clock))
        {
            db.Action = "user.delete";
            db.Users.Remove(await db.Users.SingleAsync());
            await db.SaveChangesAsync();
        }
        var deleted = Assert.Single(await AuditOf("user.delete"));
        Assert.Equal("Deleted", deleted.Operation);
        Assert.Equal("Alice", Json(deleted.Before).GetProperty("DisplayName").GetString());
        Assert.Null(deleted.After);
    }

    [Fact]
    public async Task A_role_is_audited_with_its_permissions_in_order_and_a_grant_with_its_kinds_as_names()
    {
        var role = TestData.Role("Deployer", "service.view", "service.create");
        var alice = TestData.User("alice");
        await using (var db = NewContext())
        {
            db.Action = "setup";
            db.AddRange(role, alice, TestData.GrantOnCollection(Core.Model.SubjectKind.User, alice.Id, role.Id, "shared"));
            await db.SaveChangesAsync();
        }
        var audit = await AuditOf("setup");
        var roleAfter = Json(audit.Single(a => a.EntityType == "Role").After);
        Assert.Equal(["service.view", "service.create"], roleAfter.GetProperty("Permissions").EnumerateArray().Select(e => e.GetString()));
        var grantAfter = Json(audit.Single(a => a.EntityType == "Grant").After);
        Assert.Equal("User", grantAfter.GetProperty("SubjectKind").GetString());
        Assert.Equal("Collection", grantAfter.GetProperty("ResourceKind").GetString());
    }

    [Fact]
    public async Task A_failed_save_writes_no_audit_entry_and_a_retry_writes_each_once()
    {
        await AddAsync(TestData.User("alice"));
        await using var db = NewContext();
        db.Action = "attempt";
        var duplicate = TestData.User("ALICE");
        db.AddRange(duplicate, TestData.Role("Deployer"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Empty(await AuditOf("attempt"));

        db.Entry(duplicate).State = EntityState.Detached;
        await db.SaveChangesAsync();
        Assert.Equal(["Role"], (await AuditOf("attempt")).Select(a => a.EntityType));
    }

    [Fact]
    public async Task Audit_entries_cannot_be_modified_or_deleted_through_the_context()
    {
        await AddAsync(TestData.User("alice"));
        await using var db = NewContext();
        var entry = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync();
        entry.Actor = "someone else";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        db.Entry(entry).State = EntityState.Unchanged;
        db.AuditEntries.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_saves_of_one_context_share_a_change_id()
    {
        await using (var db = NewContext())
        {
            db.Action = "two-saves";
            db.Add(TestData.User("alice"));
            await db.SaveChangesAsync();
            db.Add(TestData.User("bob"));
            db.SaveChanges();
        }
        var audit = await AuditOf("two-saves");
        Assert.Equal(2, audit.Count);
        Assert.Single(audit.Select(a => a.ChangeId).Distinct());
    }

    [Fact]
    public async Task Instants_are_read_back_as_utc()
    {
        var user = TestData.User("alice");
        user.CreatedAt = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        await AddAsync(user);
        await using var db = NewContext();
        var read = await db.Users.SingleAsync();
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(user.CreatedAt, read.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, read.UpdatedAt.Kind);
    }
}

[Trait("Database", "Sqlite")]
public sealed class AuditTestsOnSqlite : AuditTests { protected override string Provider => "Sqlite"; }

[Trait("Database", "Postgres")]
public sealed class AuditTestsOnPostgres : AuditTests { protected override string Provider => "Postgres"; }
