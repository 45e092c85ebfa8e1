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
        var baseName = Names.PrivateCollectionName(userName);
        var facts = await LookUpAsync(db, normalized, Names.Normalize(baseName), ct);
        if (facts.Taken) throw new ConflictException($"A user named '{userName}' already exists (user names are compared without case).");
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = Guid.NewGuid(), UserName = userName, NormalizedUserName = normalized, DisplayName = NullIfEmpty(displayName),
            Email = NullIfEmpty(email), Active = active, IsAdmin = isAdmin, ExternalId = NullIfEmpty(externalId), CreatedAt = now, UpdatedAt = now,
        };
        db.Users.Add(user);
        if (facts.DefaultOrgId is { } org) db.OrgMembers.Add(new OrgMember { OrgId = org, UserId = user.Id });
        var collection = AddPrivateCollection(db, baseName, facts.PrivateNamesTaken.ToHashSet(), now);
        if (facts.DefaultRoleId is { } roleId)
            db.Grants.Add(GrantRows.New(SubjectKind.User, user.Id, roleId, ResourceKind.Collection, collection.Id, null, db.Actor, now));
        return user;
    }

    /// <summary>What a new user depends on, in two round trips: whether the name is taken, the default organization and the
    /// default new-user role (each null when missing) in one query anchored on the one-row ModelVersion table; then the
    /// names of /Shared/Private's children the private collection could clash with (one query would need SQL APPLY,
    /// which SQLite lacks).</summary>
    private sealed record Facts(bool Taken, Guid? DefaultOrgId, string? DefaultRoleId)
    {
        public List<string> PrivateNamesTaken { get; set; } = [];
    }

    private static async Task<Facts> LookUpAsync(AccessControlDbContext db, string normalized, string privateBase, CancellationToken ct)
    {
        var facts = await db.ModelVersions.AsNoTracking().Where(v => v.Id == ModelVersion.RowId).Select(_ => new Facts(
            db.Users.Any(u => u.NormalizedUserName == normalized),
            db.Organizations
                .Where(o => o.Name == (db.Settings.Where(s => s.Key == SettingKeys.DefaultOrganization).Select(s => s.Value).FirstOrDefault()
                                       ?? SettingKeys.DefaultOrganizationValue))
                .Select(o => (Guid?)o.Id).FirstOrDefault(),
            db.Roles
                .Where(r => r.Id == (db.Settings.Where(s => s.Key == SettingKeys.DefaultNewUserRole).Select(s => s.Value).FirstOrDefault()
                                     ?? SettingKeys.DefaultNewUserRoleValue))
                .Select(r => r.Id).FirstOrDefault())).FirstAsync(ct);
        if (facts.Taken) return facts;
        facts.PrivateNamesTaken = await db.Collections.AsNoTracking()
            .Where(c => c.ParentId == BuiltInCollections.Private && (c.NormalizedName == privateBase || c.NormalizedName.StartsWith(privateBase + "-")))
            .Select(c => c.NormalizedName).ToListAsync(ct);
        return facts;
    }

    /// <summary>A new child of /Shared/Private named after the user; "-2", "-3", ... when the name is taken (e.g. kept from
    /// a deleted user, whose resources must not pass to a newcomer).</summary>
    private static Collection AddPrivateCollection(AccessControlDbContext db, string baseName, HashSet<string> taken, DateTime now)
    {
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
