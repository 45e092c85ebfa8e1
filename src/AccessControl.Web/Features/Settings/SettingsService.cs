using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Grants;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Settings;

public sealed record SettingsDto(string DefaultNewUserRole, string DefaultOrganization, string Etag);

public sealed record SettingsRequest(string? DefaultNewUserRole, string? DefaultOrganization);

/// <summary>
/// The two settings as one resource. Its ETag is the XOR of the two Setting rows' versions: it changes whenever either
/// row changes, and it is a version-shaped value, so If-Match takes it like any other ETag.
/// </summary>
public sealed class SettingsService(IDbContextFactory<AccessControlDbContext> dbs, CurrentActor actor)
{
    public async Task<SettingsDto> GetAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return ToDto(await db.Settings.AsNoTracking().ToListAsync(ct));
    }

    /// <summary>
    /// Replaces both settings. The role may be named by id or name and is stored by id; the organization must exist
    /// (unknown ones are 400 field errors). Changing the default organization only affects users created afterwards:
    /// existing users stay where they are.
    /// </summary>
    public async Task<SettingsDto> UpdateAsync(SettingsRequest request, Guid? ifMatch, CancellationToken ct)
    {
        actor.EnsureAdministrator("change the settings");
        var v = new Validator().Require("defaultNewUserRole", request.DefaultNewUserRole).Require("defaultOrganization", request.DefaultOrganization);
        v.ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "settings.update";
        var role = await GrantReferences.FindRoleAsync(db, request.DefaultNewUserRole!, ct);
        if (role is null) v.Add("defaultNewUserRole", $"There is no role with id or name '{request.DefaultNewUserRole}'.");
        var orgName = request.DefaultOrganization!.ToLowerInvariant();
        var org = await db.Organizations.AsNoTracking().Where(o => o.Name == orgName).Select(o => o.Name).FirstOrDefaultAsync(ct);
        if (org is null) v.Add("defaultOrganization", $"There is no organization '{request.DefaultOrganization}'; create it first.");
        v.ThrowIfInvalid();

        var rows = await db.Settings.ToListAsync(ct);
        ETags.Check(ifMatch, Version(rows), "The settings");
        Set(db, rows, SettingKeys.DefaultNewUserRole, role!.Id);
        Set(db, rows, SettingKeys.DefaultOrganization, org!);
        await db.SaveChangesAsync(ct);
        return ToDto(rows);
    }

    private static void Set(AccessControlDbContext db, List<Setting> rows, string key, string value)
    {
        var row = rows.FirstOrDefault(s => s.Key == key);
        if (row is null)
        {
            rows.Add(row = new Setting { Key = key, Value = value });
            db.Settings.Add(row);
        }
        else if (row.Value != value) row.Value = value;
    }

    private static SettingsDto ToDto(List<Setting> rows) => new(
        rows.FirstOrDefault(s => s.Key == SettingKeys.DefaultNewUserRole)?.Value ?? SettingKeys.DefaultNewUserRoleValue,
        rows.FirstOrDefault(s => s.Key == SettingKeys.DefaultOrganization)?.Value ?? SettingKeys.DefaultOrganizationValue,
        ETags.Format(Version(rows)));

    private static Guid Version(List<Setting> rows)
    {
        Span<byte> acc = stackalloc byte[16];
        Span<byte> bytes = stackalloc byte[16];
        foreach (var row in rows.Where(s => s.Key is SettingKeys.DefaultNewUserRole or SettingKeys.DefaultOrganization))
        {
            row.Version.TryWriteBytes(bytes);
            for (var i = 0; i < 16; i++) acc[i] ^= bytes[i];
        }
        return new Guid(acc);
    }
}
