using AccessControl.Bench.Generation;
using AccessControl.Core.Model;
using Npgsql;
using NpgsqlTypes;

namespace AccessControl.Bench.Postgres;

/// <summary>
/// The peer a team would write by hand: check and who-can as SQL over the app's own tables, a recursive CTE for the
/// collection path, prepared statements on one connection. Same rules as domain.md: admins, inactive users, grants
/// to the user, its teams, its orgs and its teams' orgs, inheritance down the tree, namespace:* over namespaces.
/// </summary>
public sealed class CteQueries : IAsyncDisposable
{
    private const string Path = """
        WITH RECURSIVE path AS (
            SELECT "Id", "ParentId" FROM "Collections" WHERE "Id" = @collection
            UNION ALL
            SELECT c."Id", c."ParentId" FROM "Collections" c JOIN path ON c."Id" = path."ParentId"
        )
        """;

    private const string Cover = """
        cover AS (
            SELECT @user AS id
            UNION SELECT "TeamId" FROM "TeamMembers" WHERE "UserId" = @user
            UNION SELECT "OrgId" FROM "OrgMembers" WHERE "UserId" = @user
            UNION SELECT t."OrgId" FROM "TeamMembers" tm JOIN "Teams" t ON t."Id" = tm."TeamId" WHERE tm."UserId" = @user
        )
        """;

    private static string Check(string where) => $"""
        {Path}, {Cover}
        SELECT COALESCE((SELECT u."Active" AND (u."IsAdmin" OR EXISTS (
            SELECT 1 FROM "Grants" g JOIN "Roles" r ON r."Id" = g."RoleId"
            WHERE {where}
              AND COALESCE(g."UserId", g."TeamId", g."OrgId") IN (SELECT id FROM cover)
              AND @permission = ANY (r."Permissions")))
          FROM "Users" u WHERE u."Id" = @user), false)
        """;

    private static string WhoCan(string where) => $"""
        {Path},
        hits AS (
            SELECT g."UserId", g."TeamId", g."OrgId", g."ServiceAccountId" FROM "Grants" g JOIN "Roles" r ON r."Id" = g."RoleId"
            WHERE {where} AND @permission = ANY (r."Permissions")
        ),
        who AS (
            SELECT "UserId" AS id FROM hits WHERE "UserId" IS NOT NULL
            UNION SELECT tm."UserId" FROM hits JOIN "TeamMembers" tm ON tm."TeamId" = hits."TeamId"
            UNION SELECT om."UserId" FROM hits JOIN "OrgMembers" om ON om."OrgId" = hits."OrgId"
            UNION SELECT tm."UserId" FROM hits JOIN "Teams" t ON t."OrgId" = hits."OrgId" JOIN "TeamMembers" tm ON tm."TeamId" = t."Id"
        )
        SELECT (SELECT count(*) FROM "Users" u WHERE u."Active" AND (u."IsAdmin" OR u."Id" IN (SELECT id FROM who)))
             + (SELECT count(DISTINCT "ServiceAccountId") FROM hits)
        """;

    private const string OnPath = """g."CollectionId" IN (SELECT "Id" FROM path)""";
    private const string OnNamespace = """(g."NamespaceId" = @namespace OR g."ResourceKind" = 'AllNamespaces')""";
    private const string OnAllNamespaces = """g."ResourceKind" = 'AllNamespaces'""";

    private readonly NpgsqlConnection conn;
    private readonly Dictionary<(bool Who, ResourceKind Kind), NpgsqlCommand> commands = [];

    private CteQueries(NpgsqlConnection conn) => this.conn = conn;

    public static async Task<CteQueries> OpenAsync(string connectionString)
    {
        var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var q = new CteQueries(conn);
        foreach (var who in new[] { false, true })
            foreach (var (kind, where) in new[] { (ResourceKind.Collection, OnPath), (ResourceKind.Namespace, OnNamespace), (ResourceKind.AllNamespaces, OnAllNamespaces) })
            {
                var cmd = new NpgsqlCommand(who ? WhoCan(where) : Check(where), conn);
                cmd.Parameters.Add(new NpgsqlParameter("collection", NpgsqlDbType.Varchar) { Value = "" });
                cmd.Parameters.Add(new NpgsqlParameter("namespace", NpgsqlDbType.Uuid) { Value = Guid.Empty });
                cmd.Parameters.Add(new NpgsqlParameter("permission", NpgsqlDbType.Varchar) { Value = "" });
                if (!who) cmd.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Uuid) { Value = Guid.Empty });
                await cmd.PrepareAsync();
                q.commands[(who, kind)] = cmd;
            }
        return q;
    }

    public async Task<bool> CheckAsync(Guid user, string permission, BenchResource r)
    {
        var cmd = Bind(false, permission, r);
        cmd.Parameters["user"].Value = user;
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>How many users and service accounts may; the engine's who-can gives the same count.</summary>
    public async Task<long> WhoCanCountAsync(string permission, BenchResource r) =>
        (long)(await Bind(true, permission, r).ExecuteScalarAsync())!;

    private NpgsqlCommand Bind(bool who, string permission, BenchResource r)
    {
        var cmd = commands[(who, r.Kind)];
        cmd.Parameters["collection"].Value = r.CollectionId ?? "";
        cmd.Parameters["namespace"].Value = r.NamespaceId ?? Guid.Empty;
        cmd.Parameters["permission"].Value = permission;
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in commands.Values) await c.DisposeAsync();
        await conn.DisposeAsync();
    }
}
