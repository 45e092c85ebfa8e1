using System.Collections.Immutable;
using AccessControl.Core.Model;
using AccessControl.Web.Features.ModelDocument;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Roles;

/// <summary>What the console shows around a role: how many grants use each role, and what an edit would change.</summary>
public sealed partial class RoleService
{
    /// <summary>The number of grants per role id (roles no grant uses are absent).</summary>
    public async Task<IReadOnlyDictionary<string, int>> GrantCountsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Grants.AsNoTracking().GroupBy(g => g.RoleId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>
    /// The effect of replacing a custom role's permissions, without saving: every user and service account whose effective
    /// permissions change, per resource set (the engine on the current snapshot, before and after). Validated like a PUT.
    /// </summary>
    public async Task<ModelImpact> PreviewUpdateAsync(string idOrName, RoleRequest request, CancellationToken ct)
    {
        var permissions = Validate(request);
        var role = await GetAsync(idOrName, ct);
        if (role.BuiltIn) throw new Common.ConflictException($"'{role.Name}' is a built-in role: built-in roles cannot be edited.");
        var before = snapshot.Current.Index.Model;
        var after = before with
        {
            Roles = [.. before.Roles.Select(r => r.Id == role.Id ? r with { Permissions = [.. permissions] } : r)],
        };
        return await Task.Run(() => ModelImpactCalculator.Compute(before, after), ct);
    }
}
