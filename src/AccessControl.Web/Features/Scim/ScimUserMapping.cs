using System.Globalization;
using System.Text.Json.Nodes;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.Scim;

/// <summary>User ↔ SCIM User with the enterprise extension. Reading applies a whole representation (POST, PUT, and the
/// result of a PATCH) onto the entity: attributes absent from it are cleared, except <c>active</c>.</summary>
public static class ScimUserMapping
{
    public static JsonObject ToScim(User u, string baseUrl)
    {
        var o = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.User, ScimSchemas.Enterprise),
            ["id"] = u.Id.ToString(),
            ["externalId"] = u.ExternalId,
            ["userName"] = u.UserName,
            ["displayName"] = u.DisplayName,
            ["active"] = u.Active,
            ["title"] = u.Title,
        };
        if (u.GivenName is not null || u.FamilyName is not null || u.FormattedName is not null)
            o["name"] = new JsonObject { ["givenName"] = u.GivenName, ["familyName"] = u.FamilyName, ["formatted"] = u.FormattedName };
        if (u.Email is not null)
            o["emails"] = new JsonArray(new JsonObject { ["value"] = u.Email, ["type"] = u.EmailType, ["primary"] = true });
        var ext = new JsonObject { ["department"] = u.Department, ["employeeNumber"] = u.EmployeeNumber };
        if (u.ManagerId is { } m) ext["manager"] = new JsonObject { ["value"] = m.ToString() };
        o[ScimSchemas.Enterprise] = ext;
        o["meta"] = Meta("User", $"{baseUrl}/Users/{u.Id}", u.CreatedAt, u.UpdatedAt, u.Version);
        return o;
    }

    public static JsonObject Meta(string type, string location, DateTime created, DateTime modified, Guid version) => new()
    {
        ["resourceType"] = type,
        ["created"] = created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["lastModified"] = modified.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["location"] = location,
        ["version"] = ScimETag.Format(version),
    };

    /// <summary>The fields of a representation, validated; the manager as an id still to be checked.</summary>
    public sealed record Fields(string UserName, string? ExternalId, string? DisplayName, bool? Active, string? GivenName, string? FamilyName,
        string? Formatted, string? Title, string? Email, string? EmailType, string? Department, string? EmployeeNumber, Guid? ManagerId);

    public static Fields Read(JsonObject o)
    {
        var userName = ScimJson.AsString(o.Get("userName"), "userName");
        if (Names.ValidateUserName(userName) is { } error) throw ScimException.BadValue(error);
        var name = o.Get("name") as JsonObject;
        if (o.Get("name") is { } n && n is not JsonObject) throw ScimException.BadValue("'name' must be an object.");
        var (email, type) = PrimaryEmail(o.Get("emails"));
        var ext = o.Get(ScimSchemas.Enterprise) as JsonObject ?? new JsonObject();
        return new Fields(userName!, Str(o, "externalId", 256), Str(o, "displayName", 256), ScimJson.AsBool(o.Get("active"), "active"),
            name is null ? null : Str(name, "givenName", 256), name is null ? null : Str(name, "familyName", 256),
            name is null ? null : Str(name, "formatted", 256), Str(o, "title", 256), email, type,
            Str(ext, "department", 256), Str(ext, "employeeNumber", 256), Manager(ext.Get("manager")));
    }

    public static void Apply(Fields f, User u)
    {
        u.UserName = f.UserName;
        u.NormalizedUserName = Names.Normalize(f.UserName);
        u.ExternalId = f.ExternalId;
        u.DisplayName = f.DisplayName;
        if (f.Active is { } active) u.Active = active;
        u.GivenName = f.GivenName;
        u.FamilyName = f.FamilyName;
        u.FormattedName = f.Formatted;
        u.Title = f.Title;
        u.Email = f.Email;
        u.EmailType = f.EmailType;
        u.Department = f.Department;
        u.EmployeeNumber = f.EmployeeNumber;
        u.ManagerId = f.ManagerId;
    }

    private static string? Str(JsonObject o, string attribute, int max)
    {
        var s = ScimJson.AsString(o.Get(attribute), attribute);
        if (s is { Length: 0 }) return null;
        return s is null || s.Length <= max ? s : throw ScimException.BadValue($"'{attribute}' is longer than {max} characters.");
    }

    /// <summary>The primary entry, else the work entry, else the first.</summary>
    private static (string?, string?) PrimaryEmail(JsonNode? emails)
    {
        if (emails is null) return (null, null);
        var list = emails as JsonArray ?? (emails is JsonObject one ? [one.DeepClone()] : throw ScimException.BadValue("'emails' must be a list."));
        var entries = list.OfType<JsonObject>().Where(e => e.Get("value") is not null).ToList();
        var chosen = entries.FirstOrDefault(e => ScimJson.AsBool(e.Get("primary"), "primary") == true)
                     ?? entries.FirstOrDefault(e => string.Equals(ScimJson.AsString(e.Get("type"), "type"), "work", StringComparison.OrdinalIgnoreCase))
                     ?? entries.FirstOrDefault();
        if (chosen is null) return (null, null);
        var value = Str(chosen, "value", 320);
        if (value is not null && (!value.Contains('@') || value.Any(char.IsWhiteSpace)))
            throw ScimException.BadValue($"'{value}' is not an e-mail address.");
        var type = Str(chosen, "type", 20)?.ToLowerInvariant();
        return (value, type);
    }

    /// <summary>A bare id, <c>{"value": id}</c> or <c>[{"value": id}]</c>; empty means none.</summary>
    private static Guid? Manager(JsonNode? node)
    {
        var raw = node switch
        {
            null => null,
            JsonArray a => a.Count == 0 ? null : (a[0] as JsonObject)?.Get("value")?.ToString() ?? a[0]?.ToString(),
            JsonObject o => o.Get("value")?.ToString(),
            _ => ScimJson.AsString(node, "manager"),
        };
        if (string.IsNullOrWhiteSpace(raw)) return null;
        return Guid.TryParse(raw, out var id) ? id : throw ScimException.BadValue($"The manager '{raw}' is not a user id of this service.");
    }
}

public static class ScimETag
{
    public static string Format(Guid version) => $"W/\"{version:N}\"";

    /// <summary>The version an If-Match names; null without one or with "*"; a value that is no ETag of ours never matches.</summary>
    public static Guid? IfMatch(HttpContext http)
    {
        var raw = http.Request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*") return null;
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        return Guid.TryParseExact(raw.Trim('"'), "N", out var g) ? g : Guid.Empty;
    }

    public static void Check(HttpContext http, Guid current)
    {
        if (IfMatch(http) is { } expected && expected != current)
            throw new ScimException(412, null, "The resource changed since you read it (If-Match does not match its current version). Nothing was changed.");
    }
}
