using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Users;

/// <summary>
/// What creating a user implies (domain.md): membership of the default organization, the private collection
/// <c>/Shared/Private/&lt;userName&gt;</c> and a grant of the default new-user role on it. Shared by the API, the UI and SCIM;
/// the model document (PUT /model) adds users without these.
/// </summary>
public static class NewUsers
{
    public static async Task<User> AddAsync(AccessControlDbContext db, TimeProvider clock, string userName, string? displayName,
        string? email, bool active, bool isAdmin, string? externalId, CancellationToken ct)
    {
        var normalized = Names.Normalize(userName);
        if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, ct))
            throw new ConflictException($"A user named '{userName}' already exists (user names are compared without case).");
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = Guid.NewGuid(), UserName = userName, NormalizedUserName = normalized, DisplayName = NullIfEmpty(displayName),
            Email = NullIfEmpty(email), Active = active, IsAdmin = isAdmin, ExternalId = NullIfEmpty(externalId), CreatedAt = now, UpdatedAt = now,
        };
        db.Users.Add(user);

        var settings = await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        var orgName = settings.GetValueOrDefault(SettingKeys.DefaultOrganization, SettingKeys.DefaultOrganizationValue);
        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Name == orgName, ct);
        if (org is not null) db.OrgMembers.Add(new OrgMember { OrgId = org.Id, UserId = user.Id });

        var collection = await AddPrivateCollectionAsync(db, userName, now, ct);
        var roleId = settings.GetValueOrDefault(SettingKeys.DefaultNewUserRole, SettingKeys.DefaultNewUserRoleValue);
        if (await db.Roles.AnyAsync(r => r.Id == roleId, ct))
            db.Grants.Add(GrantRows.New(SubjectKind.User, user.Id, roleId, ResourceKind.Collection, collection.Id, null, db.Actor, now));
        return user;
    }

    /// <summary>A new child of /Shared/Private named after the user; "-2", "-3", ... when the name is taken (e.g. kept from
    /// a deleted user, whose resources must not pass to a newcomer).</summary>
    private static async Task<Collection> AddPrivateCollectionAsync(AccessControlDbContext db, string userName, DateTime now, CancellationToken ct)
    {
        var baseName = Names.PrivateCollectionName(userName);
        var normalizedBase = Names.Normalize(baseName);
        var taken = (await db.Collections.AsNoTracking()
            .Where(c => c.ParentId == BuiltInCollections.Private
                        && (c.NormalizedName == normalizedBase || c.NormalizedName.StartsWith(normalizedBase + "-")))
            .Select(c => c.NormalizedName).ToListAsync(ct)).ToHashSet();
        var name = baseName;
        for (var n = 2; taken.Contains(Names.Normalize(name)); n++)
        {
            var suffix = $"-{n}";
            name = (baseName.Length + suffix.Length > 100 ? baseName[..(100 - suffix.Length)] : baseName) + suffix;
        }
        var collection = new Collection
        {
            Id = Guid.NewGuid().ToString("N"), ParentId = BuiltInCollections.Private, Name = name, NormalizedName = Names.Normalize(name),
            CreatedAt = now,
        };
        db.Collections.Add(collection);
        return collection;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
