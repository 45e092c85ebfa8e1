using AccessControl.Bench.Generation;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AccessControl.Bench.Postgres;

/// <summary>
/// Loads a generated model into an empty database: the real migrations first, then one binary COPY per table
/// (Npgsql's BeginBinaryImport), parents before children so the foreign keys hold row by row. Built-in roles and
/// collections come from the model; no audit entries are written (a bulk load is not a change through the app).
/// </summary>
public static class BulkLoader
{
    private static readonly DateTime LoadedAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task MigrateAsync(string connectionString, CancellationToken ct = default)
    {
        var b = new DbContextOptionsBuilder<AccessControlDbContext>();
        DatabaseProvider.Configure(b, DatabaseProvider.Postgres, connectionString);
        await using var db = new AccessControlDbContext(b.Options);
        await db.Database.MigrateAsync(ct);
    }

    public static async Task LoadAsync(string connectionString, GeneratedModel generated, CancellationToken ct = default)
    {
        var m = generated.Model;
        var index = new ModelIndex(m);
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        await CopyAsync(conn, """COPY "Organizations" ("Id", "Name", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)""", m.Orgs,
            async (w, o) => { await w.WriteAsync(o.Id, NpgsqlDbType.Uuid); await w.WriteAsync(o.Name); await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(Version(o.Id), NpgsqlDbType.Uuid); }, ct);

        var users = m.Users.Select((u, i) => (u, p: generated.Profiles[i]));
        await CopyAsync(conn, """COPY "Users" ("Id", "UserName", "NormalizedUserName", "DisplayName", "Email", "Active", "IsAdmin", "CreatedAt", "UpdatedAt", "Version") FROM STDIN (FORMAT BINARY)""", users,
            async (w, x) =>
            {
                await w.WriteAsync(x.u.Id, NpgsqlDbType.Uuid); await w.WriteAsync(x.u.UserName); await w.WriteAsync(Names.Normalize(x.u.UserName));
                await w.WriteAsync(x.p.DisplayName); await w.WriteAsync(x.p.Email); await w.WriteAsync(x.u.Active); await w.WriteAsync(x.u.IsAdmin);
                await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(Version(x.u.Id), NpgsqlDbType.Uuid);
            }, ct);

        await CopyAsync(conn, """COPY "Teams" ("Id", "OrgId", "Name", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)""", m.Teams,
            async (w, t) => { await w.WriteAsync(t.Id, NpgsqlDbType.Uuid); await w.WriteAsync(t.OrgId, NpgsqlDbType.Uuid); await w.WriteAsync(t.Name); await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(Version(t.Id), NpgsqlDbType.Uuid); }, ct);

        await CopyAsync(conn, """COPY "OrgMembers" ("OrgId", "UserId", "IsAdmin") FROM STDIN (FORMAT BINARY)""", m.OrgMembers,
            async (w, x) => { await w.WriteAsync(x.OrgId, NpgsqlDbType.Uuid); await w.WriteAsync(x.UserId, NpgsqlDbType.Uuid); await w.WriteAsync(x.IsAdmin); }, ct);

        await CopyAsync(conn, """COPY "TeamMembers" ("TeamId", "UserId", "IsAdmin") FROM STDIN (FORMAT BINARY)""", m.TeamMembers,
            async (w, x) => { await w.WriteAsync(x.TeamId, NpgsqlDbType.Uuid); await w.WriteAsync(x.UserId, NpgsqlDbType.Uuid); await w.WriteAsync(x.IsAdmin); }, ct);

        await CopyAsync(conn, """COPY "ServiceAccounts" ("Id", "Namespace", "Name", "CreatedAt") FROM STDIN (FORMAT BINARY)""", m.ServiceAccounts,
            async (w, a) => { await w.WriteAsync(a.Id, NpgsqlDbType.Uuid); await w.WriteAsync(a.Namespace); await w.WriteAsync(a.Name); await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); }, ct);

        await CopyAsync(conn, """COPY "Roles" ("Id", "Name", "NormalizedName", "Description", "BuiltIn", "Permissions", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)""", m.Roles,
            async (w, r) =>
            {
                var builtIn = BuiltInRoles.All.FirstOrDefault(b => b.Id == r.Id);
                await w.WriteAsync(r.Id); await w.WriteAsync(r.Name); await w.WriteAsync(Names.Normalize(r.Name));
                if (builtIn is null) await w.WriteNullAsync(); else await w.WriteAsync(builtIn.Description);
                await w.WriteAsync(builtIn is not null);
                await w.WriteAsync(r.Permissions.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar);
                await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
            }, ct);

        // Parents first: the generator adds every collection after its parent.
        await CopyAsync(conn, """COPY "Collections" ("Id", "ParentId", "Name", "NormalizedName", "BuiltIn", "CreatedAt", "Version") FROM STDIN (FORMAT BINARY)""", m.Collections,
            async (w, c) =>
            {
                await w.WriteAsync(c.Id);
                if (c.ParentId is null) await w.WriteNullAsync(); else await w.WriteAsync(c.ParentId);
                await w.WriteAsync(c.Name); await w.WriteAsync(Names.Normalize(c.Name)); await w.WriteAsync(BuiltInCollections.IsBuiltIn(c.Id));
                await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(Guid.Empty, NpgsqlDbType.Uuid);
            }, ct);

        await CopyAsync(conn, """COPY "Namespaces" ("Id", "Name", "CreatedAt") FROM STDIN (FORMAT BINARY)""", m.Namespaces,
            async (w, n) => { await w.WriteAsync(n.Id, NpgsqlDbType.Uuid); await w.WriteAsync(n.Name); await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz); }, ct);

        await CopyAsync(conn, """COPY "Grants" ("Id", "SubjectKind", "UserId", "TeamId", "OrgId", "ServiceAccountId", "RoleId", "ResourceKind", "CollectionId", "NamespaceId", "SubjectKey", "ResourceKey", "CreatedBy", "CreatedAt") FROM STDIN (FORMAT BINARY)""", m.Grants,
            async (w, g) =>
            {
                await w.WriteAsync(g.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(g.SubjectKind.ToString());
                foreach (var kind in (SubjectKind[])[SubjectKind.User, SubjectKind.Team, SubjectKind.Org, SubjectKind.ServiceAccount])
                    if (g.SubjectKind == kind) await w.WriteAsync(g.SubjectId, NpgsqlDbType.Uuid); else await w.WriteNullAsync();
                await w.WriteAsync(g.RoleId);
                await w.WriteAsync(g.ResourceKind.ToString());
                if (g.CollectionId is null) await w.WriteNullAsync(); else await w.WriteAsync(g.CollectionId);
                if (g.NamespaceId is null) await w.WriteNullAsync(); else await w.WriteAsync(g.NamespaceId.Value, NpgsqlDbType.Uuid);
                await w.WriteAsync(Grant.MakeSubjectKey(g.SubjectKind, g.SubjectId));
                await w.WriteAsync(Grant.MakeResourceKey(g.ResourceKind, g.CollectionId, g.NamespaceId));
                await w.WriteAsync("bench");
                await w.WriteAsync(LoadedAt, NpgsqlDbType.TimestampTz);
            }, ct);
        // COPY bypasses the DbContext, which fills the grid's sort names on save: fill them as the migration does.
        await using (var names = new NpgsqlCommand(GrantSortNames.BackfillSql, conn, tx))
            await names.ExecuteNonQueryAsync(ct);

        await tx.CommitAsync(ct);
        await using var analyze = new NpgsqlCommand("ANALYZE", conn);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A version (ETag) derived from the id, so that a load is repeatable.</summary>
    private static Guid Version(Guid id) => new(id.ToByteArray().Reverse().ToArray());

    private static async Task CopyAsync<T>(NpgsqlConnection conn, string copy, IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            await write(importer, row);
        }
        await importer.CompleteAsync(ct);
    }
}
