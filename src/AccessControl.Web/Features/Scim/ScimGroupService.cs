using System.Linq.Expressions;
using System.Text.Json.Nodes;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Scim;

/// <summary>/scim/v2/Groups: the teams of the connection's organization. A team's name is the group's displayName
/// normalised to the team-name rule (the original kept as its display name); members are team members.</summary>
public sealed class ScimGroupService(IDbContextFactory<AccessControlDbContext> dbs, TimeProvider clock)
{
    private static readonly ScimFilterTranslator<Team> Filters = new(
        new Dictionary<string, ScimFilterAttribute>
        {
            ["id"] = new((Expression<Func<Team, Guid>>)(t => t.Id), ScimAttrKind.Guid),
            ["externalid"] = new((Expression<Func<Team, string?>>)(t => t.ExternalId), ScimAttrKind.String, CaseExact: true),
            ["displayname"] = new((Expression<Func<Team, string>>)(t => (t.DisplayName ?? t.Name).ToUpper()), ScimAttrKind.String),
            ["meta.created"] = new((Expression<Func<Team, DateTime>>)(t => t.CreatedAt), ScimAttrKind.DateTime),
        },
        new Dictionary<string, Func<string, JsonValue?, Expression<Func<Team, bool>>>>
        {
            ["members.value"] = (op, v) =>
            {
                if (op == "pr") return t => t.Members.Any();
                if (op is not ("eq" or "ne") || v is null || !v.TryGetValue<string>(out var s))
                    throw ScimFilterParser.Invalid("'members.value' is compared with eq or ne and a user id.");
                if (!Guid.TryParse(s, out var id)) return op == "eq" ? t => false : t => true;
                return op == "eq" ? t => t.Members.Any(m => m.UserId == id) : t => !t.Members.Any(m => m.UserId == id);
            },
        },
        // Teams have no update stamp: meta.lastModified is the creation time, for filters as in answers.
        new Dictionary<string, string> { ["members"] = "members.value", ["meta.lastmodified"] = "meta.created" });

    public async Task<JsonObject> ListAsync(ScimCaller caller, string baseUrl, string? filter, int? startIndex, int? count, string? attributes,
        string? excluded, CancellationToken ct)
    {
        var predicate = filter is null ? null : Filters.Translate(ScimFilterParser.Parse(filter));
        var page = ScimListing.Page(startIndex, count);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Teams.AsNoTracking().Where(t => t.OrgId == caller.OrganizationId);
        if (predicate is not null) q = q.Where(predicate);
        var total = await q.CountAsync(ct);
        var teams = page.Take == 0 ? [] : await q.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Skip(page.Skip).Take(page.Take).ToListAsync(ct);
        var withMembers = !ScimListing.Excludes(attributes, excluded, "members");
        var members = withMembers ? await MembersAsync(db, teams.Select(t => t.Id).ToList(), ct) : null;
        return ScimListing.ListResponse(total, page.StartIndex, teams.Select(t =>
            ScimListing.Project(ToScim(t, baseUrl, members?.GetValueOrDefault(t.Id) ?? (withMembers ? [] : null)), attributes, excluded)));
    }

    public async Task<JsonObject> GetAsync(ScimCaller caller, string baseUrl, Guid id, string? attributes, string? excluded, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OrgId == caller.OrganizationId, ct)
                   ?? throw ScimException.NotFound($"Group {id}");
        var members = ScimListing.Excludes(attributes, excluded, "members") ? null
            : (await MembersAsync(db, [team.Id], ct)).GetValueOrDefault(team.Id) ?? [];
        return ScimListing.Project(ToScim(team, baseUrl, members), attributes, excluded);
    }

    public async Task<JsonObject> CreateAsync(ScimCaller caller, string baseUrl, JsonObject body, CancellationToken ct)
    {
        var displayName = DisplayName(body);
        await using var db = await Open(caller, "scim.group.create", ct);
        var team = new Team
        {
            Id = Guid.NewGuid(), OrgId = caller.OrganizationId, Name = await FreeNameAsync(db, caller.OrganizationId, displayName, null, ct),
            DisplayName = displayName, ExternalId = ExternalId(body), ProvisionedBy = caller.ConnectionId, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Teams.Add(team);
        var members = MemberIds(body.Get("members")).ToHashSet();
        await SetMembersAsync(db, team, [], members, ct);
        await db.SaveChangesAsync(ct);
        return ToScim(team, baseUrl, await NamesAsync(db, members, ct));
    }

    public async Task<JsonObject> ReplaceAsync(ScimCaller caller, HttpContext http, string baseUrl, Guid id, JsonObject body, CancellationToken ct)
    {
        var displayName = DisplayName(body);
        await using var db = await Open(caller, "scim.group.replace", ct);
        var (team, current) = await LoadAsync(db, caller, http, id, ct);
        await RenameAsync(db, team, displayName, ct);
        team.ExternalId = ExternalId(body);
        // PUT replaces the members when it lists them; a PUT without "members" leaves them as they are.
        var target = body.Get("members") is null && body.Key("members") is null ? current : MemberIds(body.Get("members")).ToHashSet();
        await SetMembersAsync(db, team, current, target, ct);
        team.ProvisionedBy ??= caller.ConnectionId;
        await db.SaveChangesAsync(ct);
        return ToScim(team, baseUrl, await NamesAsync(db, target, ct));
    }

    /// <summary>Applies the operations in order on the group and a copy of its member set, then saves once.</summary>
    public async Task PatchAsync(ScimCaller caller, HttpContext http, string baseUrl, Guid id, JsonObject patch, CancellationToken ct)
    {
        await using var db = await Open(caller, "scim.group.patch", ct);
        var (team, current) = await LoadAsync(db, caller, http, id, ct);
        var members = current.ToHashSet();
        var representation = ToScim(team, baseUrl, null);
        ScimPatch.Apply(representation, patch, (op, path, value) =>
        {
            if (path.Enterprise || !path.Attribute.Equals("members", StringComparison.OrdinalIgnoreCase)) return false;
            if (path.Sub is not null && !path.Sub.Equals("value", StringComparison.OrdinalIgnoreCase))
                throw ScimException.BadPath($"Members have no attribute '{path.Sub}' that can be changed.");
            if (path.Filter is not null)
            {
                if (op != "remove") throw ScimException.BadPath("Add members with path 'members' and a list of {\"value\": id}.");
                members.RemoveWhere(m => ScimPatch.Matches(path.Filter, new JsonObject { ["value"] = m.ToString() }));
                return true;
            }
            switch (op)
            {
                case "add": members.UnionWith(MemberIds(value)); break;
                case "replace": members = MemberIds(value).ToHashSet(); break;
                default:
                    if (value is null) members.Clear();
                    else members.ExceptWith(MemberIds(value));
                    break;
            }
            return true;
        });
        await RenameAsync(db, team, DisplayName(representation), ct);
        team.ExternalId = ExternalId(representation);
        await SetMembersAsync(db, team, current, members, ct);
        team.ProvisionedBy ??= caller.ConnectionId;
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(ScimCaller caller, HttpContext http, Guid id, CancellationToken ct)
    {
        await using var db = await Open(caller, "scim.group.delete", ct);
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id && t.OrgId == caller.OrganizationId, ct) ?? throw ScimException.NotFound($"Group {id}");
        ScimETag.Check(http, team.Version);
        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
    }

    private static JsonObject ToScim(Team t, string baseUrl, List<(Guid Id, string UserName)>? members)
    {
        var o = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Group),
            ["id"] = t.Id.ToString(),
            ["externalId"] = t.ExternalId,
            ["displayName"] = t.DisplayName ?? t.Name,
        };
        if (members is not null)
            o["members"] = new JsonArray(members.Select(m => (JsonNode)new JsonObject
                { ["value"] = m.Id.ToString(), ["display"] = m.UserName, ["$ref"] = $"{baseUrl}/Users/{m.Id}" }).ToArray());
        o["meta"] = ScimUserMapping.Meta("Group", $"{baseUrl}/Groups/{t.Id}", t.CreatedAt, t.CreatedAt, t.Version);
        return o;
    }

    private static async Task<Dictionary<Guid, List<(Guid, string)>>> MembersAsync(AccessControlDbContext db, List<Guid> teams, CancellationToken ct) =>
        (await db.TeamMembers.AsNoTracking().Where(m => teams.Contains(m.TeamId))
            .OrderBy(m => m.User!.NormalizedUserName).Select(m => new { m.TeamId, m.UserId, m.User!.UserName }).ToListAsync(ct))
        .GroupBy(m => m.TeamId).ToDictionary(g => g.Key, g => g.Select(m => (m.UserId, m.UserName)).ToList());

    private static async Task<List<(Guid, string)>> NamesAsync(AccessControlDbContext db, HashSet<Guid> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.NormalizedUserName).Select(u => new { u.Id, u.UserName }).ToListAsync(ct))
        .Select(u => (u.Id, u.UserName)).ToList();

    private static async Task<(Team, HashSet<Guid>)> LoadAsync(AccessControlDbContext db, ScimCaller caller, HttpContext http, Guid id, CancellationToken ct)
    {
        // The team (tracked) and its member ids in one query.
        var row = await db.Teams.Where(t => t.Id == id && t.OrgId == caller.OrganizationId)
                      .Select(t => new { Team = t, Members = t.Members.Select(m => m.UserId).ToList() }).FirstOrDefaultAsync(ct)
                  ?? throw ScimException.NotFound($"Group {id}");
        ScimETag.Check(http, row.Team.Version);
        return (row.Team, row.Members.ToHashSet());
    }

    /// <summary>Adds and removes team memberships to reach <paramref name="target"/>; new members join the org too.</summary>
    private static async Task SetMembersAsync(AccessControlDbContext db, Team team, HashSet<Guid> current, HashSet<Guid> target, CancellationToken ct)
    {
        var added = target.Except(current).ToList();
        var removed = current.Except(target).ToList();
        if (added.Count > 0)
        {
            // The users added, each with whether it is in the team's org already, in one query.
            var known = await db.Users.Where(u => added.Contains(u.Id))
                .Select(u => new { u.Id, InOrg = db.OrgMembers.Any(m => m.OrgId == team.OrgId && m.UserId == u.Id) }).ToListAsync(ct);
            if (added.Except(known.Select(u => u.Id)).FirstOrDefault() is var unknown && unknown != Guid.Empty)
                throw ScimException.BadValue($"The member '{unknown}' is not a user of this service.");
            var inOrg = known.Where(u => u.InOrg).Select(u => u.Id).ToHashSet();
            foreach (var u in added)
            {
                if (!inOrg.Contains(u)) db.OrgMembers.Add(new OrgMember { OrgId = team.OrgId, UserId = u });
                db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = u });
            }
        }
        if (removed.Count > 0)
            db.TeamMembers.RemoveRange(await db.TeamMembers.Where(m => m.TeamId == team.Id && removed.Contains(m.UserId)).ToListAsync(ct));
    }

    private static async Task RenameAsync(AccessControlDbContext db, Team team, string displayName, CancellationToken ct)
    {
        if ((team.DisplayName ?? team.Name) == displayName) return;
        if (TeamNames.Normalize(displayName) != team.Name)
            team.Name = await FreeNameAsync(db, team.OrgId, displayName, team.Id, ct);
        team.DisplayName = displayName;
    }

    /// <summary>The normalised name, with "-2", "-3", ... when another team of the org has it.</summary>
    private static async Task<string> FreeNameAsync(AccessControlDbContext db, Guid orgId, string displayName, Guid? self, CancellationToken ct)
    {
        var baseName = TeamNames.Normalize(displayName);
        var taken = (await db.Teams.Where(t => t.OrgId == orgId && t.Id != self && t.Name.StartsWith(baseName)).Select(t => t.Name).ToListAsync(ct)).ToHashSet();
        var name = baseName;
        for (var n = 2; taken.Contains(name); n++)
        {
            var suffix = $"-{n}";
            name = (baseName.Length + suffix.Length > 100 ? baseName[..(100 - suffix.Length)] : baseName) + suffix;
        }
        return name;
    }

    private static string DisplayName(JsonObject o)
    {
        var s = ScimJson.AsString(o.Get("displayName"), "displayName")?.Trim();
        if (string.IsNullOrEmpty(s)) throw ScimException.BadValue("A group needs a displayName.");
        return s.Length <= 256 ? s : throw ScimException.BadValue("'displayName' is longer than 256 characters.");
    }

    private static string? ExternalId(JsonObject o) => ScimJson.AsString(o.Get("externalId"), "externalId") is { Length: > 0 } s ? s : null;

    /// <summary>Member ids from <c>[{"value": id}]</c>, <c>{"value": id}</c> or bare ids.</summary>
    private static IEnumerable<Guid> MemberIds(JsonNode? value)
    {
        if (value is null) yield break;
        foreach (var item in value as JsonArray ?? [value.DeepClone()])
        {
            var raw = item is JsonObject o ? o.Get("value")?.ToString() : item?.ToString();
            if (!Guid.TryParse(raw, out var id)) throw ScimException.BadValue($"'{raw}' is not a user id of this service.");
            yield return id;
        }
    }

    private async Task<AccessControlDbContext> Open(ScimCaller caller, string action, CancellationToken ct)
    {
        var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = caller.Actor;
        db.Action = action;
        return db;
    }
}

/// <summary>The team-name rule applied to an identity provider's group name.</summary>
public static class TeamNames
{
    public static string Normalize(string displayName)
    {
        var chars = displayName.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var s = new string(chars);
        if (s.Length == 0) return "group";
        if (!char.IsAsciiLetterOrDigit(s[0])) s = "g" + s;
        return s.Length > 100 ? s[..100] : s;
    }
}
