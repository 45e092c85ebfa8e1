using System.Linq.Expressions;
using System.Text.Json.Nodes;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Scim;

/// <summary>/scim/v2/Users: every user of the service is visible (userName is unique across it), so that an identity
/// provider can match existing users; a user it writes records the connection that owns it.</summary>
public sealed class ScimUserService(IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock)
{
    private static readonly ScimFilterTranslator<User> Filters = new(
        new Dictionary<string, ScimFilterAttribute>
        {
            ["id"] = new((Expression<Func<User, Guid>>)(u => u.Id), ScimAttrKind.Guid),
            ["externalid"] = new((Expression<Func<User, string?>>)(u => u.ExternalId), ScimAttrKind.String, CaseExact: true),
            ["username"] = new((Expression<Func<User, string>>)(u => u.NormalizedUserName), ScimAttrKind.String),
            ["displayname"] = new((Expression<Func<User, string?>>)(u => u.DisplayName!.ToUpper()), ScimAttrKind.String),
            ["name.givenname"] = new((Expression<Func<User, string?>>)(u => u.GivenName!.ToUpper()), ScimAttrKind.String),
            ["name.familyname"] = new((Expression<Func<User, string?>>)(u => u.FamilyName!.ToUpper()), ScimAttrKind.String),
            ["name.formatted"] = new((Expression<Func<User, string?>>)(u => u.FormattedName!.ToUpper()), ScimAttrKind.String),
            ["title"] = new((Expression<Func<User, string?>>)(u => u.Title!.ToUpper()), ScimAttrKind.String),
            ["active"] = new((Expression<Func<User, bool>>)(u => u.Active), ScimAttrKind.Bool),
            ["emails.value"] = new((Expression<Func<User, string?>>)(u => u.Email!.ToUpper()), ScimAttrKind.String),
            ["emails.type"] = new((Expression<Func<User, string?>>)(u => u.EmailType!.ToUpper()), ScimAttrKind.String),
            ["enterprise:department"] = new((Expression<Func<User, string?>>)(u => u.Department!.ToUpper()), ScimAttrKind.String),
            ["enterprise:employeenumber"] = new((Expression<Func<User, string?>>)(u => u.EmployeeNumber!.ToUpper()), ScimAttrKind.String),
            ["enterprise:manager.value"] = new((Expression<Func<User, Guid?>>)(u => u.ManagerId), ScimAttrKind.Guid),
            ["meta.created"] = new((Expression<Func<User, DateTime>>)(u => u.CreatedAt), ScimAttrKind.DateTime),
            ["meta.lastmodified"] = new((Expression<Func<User, DateTime>>)(u => u.UpdatedAt), ScimAttrKind.DateTime),
        },
        new Dictionary<string, Func<string, JsonValue?, Expression<Func<User, bool>>>>
        {
            // The one stored e-mail is the primary one.
            ["emails.primary"] = (op, v) => op switch
            {
                "pr" => u => u.Email != null,
                "eq" or "ne" when v?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False =>
                    (op == "eq") == (v.GetValueKind() == System.Text.Json.JsonValueKind.True) ? u => u.Email != null : u => u.Email == null,
                _ => throw ScimFilterParser.Invalid("'emails.primary' is compared with eq or ne and true or false."),
            },
        },
        new Dictionary<string, string> { ["emails"] = "emails.value", ["enterprise:manager"] = "enterprise:manager.value" });

    public static Expression<Func<User, bool>> Filter(string filter) => Filters.Translate(ScimFilterParser.Parse(filter));

    public async Task<JsonObject> ListAsync(string baseUrl, string? filter, int? startIndex, int? count, string? attributes, string? excluded, CancellationToken ct)
    {
        var predicate = filter is null ? null : Filter(filter);
        var page = ScimListing.Page(startIndex, count);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Users.AsNoTracking();
        if (predicate is not null) q = q.Where(predicate);
        var total = await q.CountAsync(ct);
        var users = page.Take == 0 ? [] : await q.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        return ScimListing.ListResponse(total, page.StartIndex,
            users.Select(u => ScimListing.Project(ScimUserMapping.ToScim(u, baseUrl), attributes, excluded)));
    }

    public async Task<User> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw ScimException.NotFound($"User {id}");
    }

    public async Task<User> CreateAsync(ScimCaller caller, JsonObject body, CancellationToken ct)
    {
        var f = ScimUserMapping.Read(body);
        await using var db = await Open(caller, "scim.user.create", ct);
        await CheckManagerAsync(db, f.ManagerId, null, ct);
        var user = await NewUsers.AddAsync(db, clock, f.UserName, f.DisplayName, f.Email, f.Active ?? true, false, f.ExternalId, ct);
        ScimUserMapping.Apply(f, user);
        user.ProvisionedBy = caller.ConnectionId;
        if (!db.ChangeTracker.Entries<OrgMember>().Any(e => e.Entity.OrgId == caller.OrganizationId && e.Entity.UserId == user.Id))
            db.OrgMembers.Add(new OrgMember { OrgId = caller.OrganizationId, UserId = user.Id });
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task<User> ReplaceAsync(ScimCaller caller, HttpContext http, Guid id, JsonObject body, CancellationToken ct) =>
        await UpdateAsync(caller, http, id, "scim.user.replace", _ => body, ct);

    public async Task<User> PatchAsync(ScimCaller caller, HttpContext http, Guid id, JsonObject patch, string baseUrl, CancellationToken ct) =>
        await UpdateAsync(caller, http, id, "scim.user.patch", user =>
        {
            var representation = ScimUserMapping.ToScim(user, baseUrl);
            ScimPatch.Apply(representation, patch);
            return representation;
        }, ct);

    private async Task<User> UpdateAsync(ScimCaller caller, HttpContext http, Guid id, string action, Func<User, JsonObject> target, CancellationToken ct)
    {
        await using var db = await Open(caller, action, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw ScimException.NotFound($"User {id}");
        ScimETag.Check(http, user.Version);
        var f = ScimUserMapping.Read(target(user));
        var normalized = Names.Normalize(f.UserName);
        if (normalized != user.NormalizedUserName && await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
            throw new ScimException(409, ScimErrorTypes.Uniqueness, $"A user named '{f.UserName}' already exists (user names are compared without case).");
        await CheckManagerAsync(db, f.ManagerId, user.Id, ct);
        ScimUserMapping.Apply(f, user);
        user.ProvisionedBy ??= caller.ConnectionId;
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Deletes the user with its memberships and grants; the private collection stays, with every grant on it removed
    /// (its resources stay owned, by nobody who could reach them through it). Users it managed lose their manager.</summary>
    public async Task DeleteAsync(ScimCaller caller, HttpContext http, Guid id, CancellationToken ct)
    {
        await using var db = await Open(caller, "scim.user.delete", ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw ScimException.NotFound($"User {id}");
        ScimETag.Check(http, user.Version);
        foreach (var reportee in await db.Users.Where(u => u.ManagerId == id).ToListAsync(ct)) reportee.ManagerId = null;
        // The private collection: a child of /Shared/Private named after the user (maybe with "-2", ...) on which the user holds a grant.
        var baseName = Names.Normalize(Names.PrivateCollectionName(user.UserName));
        var privateCollections = db.Grants.Where(g => g.UserId == id && g.CollectionId != null).Select(g => g.CollectionId)
            .Intersect(db.Collections.Where(c => c.ParentId == BuiltInCollections.Private
                                                 && (c.NormalizedName == baseName || c.NormalizedName.StartsWith(baseName + "-"))).Select(c => (string?)c.Id));
        db.Grants.RemoveRange(await db.Grants.Where(g => privateCollections.Contains(g.CollectionId)).ToListAsync(ct));
        db.Users.Remove(user);
        await db.SaveChangesAsync(ct);
    }

    private async Task<AccessControlDbContext> Open(ScimCaller caller, string action, CancellationToken ct)
    {
        var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        db.Action = action;
        return db;
    }

    private static async Task CheckManagerAsync(AccessControlDbContext db, Guid? manager, Guid? self, CancellationToken ct)
    {
        if (manager is not { } m) return;
        if (m == self) throw ScimException.BadValue("A user cannot be their own manager.");
        if (!await db.Users.AnyAsync(u => u.Id == m, ct)) throw ScimException.BadValue($"The manager '{m}' is not a user of this service.");
    }
}
