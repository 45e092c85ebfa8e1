using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Web.Features.Snapshot;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccessControl.Web.Tests.Infrastructure;

/// <summary>The incrementally updated snapshot against the database read from scratch.</summary>
public static class SnapshotAssertions
{
    /// <summary>Every table of the snapshot's model holds exactly the database's rows.</summary>
    public static async Task AssertMatchesDatabaseAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var expected = await AccessModelLoader.LoadAsync(db);
        var actual = services.GetRequiredService<AccessSnapshot>().Current.Model;
        Same(expected.Users, actual.Users, "users");
        Same(expected.Orgs, actual.Orgs, "orgs");
        Same(expected.Teams, actual.Teams, "teams");
        Same(expected.OrgMembers, actual.OrgMembers, "org members");
        Same(expected.TeamMembers, actual.TeamMembers, "team members");
        Same(expected.ServiceAccounts, actual.ServiceAccounts, "service accounts");
        Same(expected.Collections, actual.Collections, "collections");
        Same(expected.Namespaces, actual.Namespaces, "namespaces");
        Same(expected.Grants, actual.Grants, "grants");
        Same(expected.Roles.Select(Describe), actual.Roles.Select(Describe), "roles");
    }

    private static string Describe(RoleInfo r) => $"{r.Id} {r.Name} {string.Join(",", r.Permissions)}";

    private static void Same<T>(IEnumerable<T> expected, IEnumerable<T> actual, string table)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        Assert.True(e.Count == a.Count && e.ToHashSet().SetEquals(a),
            $"the snapshot's {table} differ from the database: missing {string.Join("; ", e.Except(a).Take(3))}, extra {string.Join("; ", a.Except(e).Take(3))}");
    }
}
