using System.Text.Json.Nodes;
using AccessControl.Core.Model;

namespace AccessControl.Web.Features.Audit;

/// <summary>
/// One line a person can read for an audit entry: the object it changed by name instead of by key, e.g.
/// <c>user:bob → Full Control on collection:/prod</c> for a grant or <c>team:engineering/backend ∋ sarah</c> for a
/// membership. Ids are named through the current model; an object that no longer exists is named from the entry's own
/// row where it carries a name, else shown as "deleted" with the start of its id, so the line never pretends.
/// </summary>
public static class AuditDescriptions
{
    public static string Describe(AuditEntryDto entry, ModelIndex index)
    {
        var row = entry.After as JsonObject ?? entry.Before as JsonObject;
        if (row is null) return $"{entry.EntityType} {entry.EntityKey}";
        return entry.EntityType switch
        {
            "User" => SubjectRef.User(Text(row, "userName") ?? entry.EntityKey).ToString(),
            "Organization" => SubjectRef.Org(Text(row, "name") ?? entry.EntityKey).ToString(),
            "Team" => SubjectRef.Team(OrgName(Id(row, "orgId"), index), Text(row, "name") ?? "").ToString(),
            "ServiceAccount" => SubjectRef.ServiceAccount(Text(row, "namespace") ?? "", Text(row, "name") ?? "").ToString(),
            "Role" => $"role {Text(row, "name")}",
            "Collection" => ResourceRef.Collection(CollectionPath(entry.EntityKey, Text(row, "name"), index)).ToString(),
            "Namespace" => ResourceRef.Namespace(Text(row, "name") ?? "").ToString(),
            "OrgMember" => $"{SubjectRef.Org(OrgName(Id(row, "orgId"), index))} ∋ {UserName(Id(row, "userId"), index)}",
            "TeamMember" => $"{TeamName(Id(row, "teamId"), index)} ∋ {UserName(Id(row, "userId"), index)}",
            "Grant" => $"{GrantSubject(row, index)} → {RoleName(Text(row, "roleId"), index)} on {GrantResource(row, index)}",
            "AppRoleAssignment" => $"{UserName(Id(row, "userId"), index)} is {Text(row, "role")}",
            "Setting" => $"setting {Text(row, "key")} = {Text(row, "value")}",
            "ApiToken" => $"API token {Text(row, "name")}",
            "ProvisioningConnection" => $"provisioning connection {Text(row, "name")}",
            _ => $"{entry.EntityType} {entry.EntityKey}",
        };
    }

    private static string? Text(JsonObject row, string name) =>
        row[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : row[name]?.ToJsonString();

    private static Guid? Id(JsonObject row, string name) => Guid.TryParse(Text(row, name), out var id) ? id : null;

    private static string Deleted(string what, Guid? id) => id is { } g ? $"(deleted {what} {g.ToString()[..8]})" : $"(no {what})";

    private static string UserName(Guid? id, ModelIndex index) =>
        id is { } g && index.User(g) is { } u ? u.UserName : Deleted("user", id);

    private static string OrgName(Guid? id, ModelIndex index) =>
        id is { } g && index.Org(g) is { } o ? o.Name : Deleted("org", id);

    private static string TeamName(Guid? id, ModelIndex index) =>
        id is { } g && index.Team(g) is { } t ? SubjectRef.Team(OrgName(t.OrgId, index), t.Name).ToString() : Deleted("team", id);

    private static string RoleName(string? id, ModelIndex index) =>
        id is null ? "(no role)" : index.Role(id)?.Name ?? id;

    private static string CollectionPath(string id, string? name, ModelIndex index) =>
        index.Collection(id) is not null ? index.PathOf(id) : $"…/{name ?? id} (deleted)";

    private static string GrantSubject(JsonObject row, ModelIndex index) => Text(row, "subjectKind") switch
    {
        "User" => SubjectRef.User(UserName(Id(row, "userId"), index)).ToString(),
        "Team" => TeamName(Id(row, "teamId"), index),
        "Org" => SubjectRef.Org(OrgName(Id(row, "orgId"), index)).ToString(),
        "ServiceAccount" => Id(row, "serviceAccountId") is { } sa && index.ServiceAccount(sa) is { } s
            ? SubjectRef.ServiceAccount(s.Namespace, s.Name).ToString() : Deleted("service account", Id(row, "serviceAccountId")),
        var other => other ?? "(no subject)",
    };

    private static string GrantResource(JsonObject row, ModelIndex index) => Text(row, "resourceKind") switch
    {
        "Collection" when Text(row, "collectionId") is { } c => ResourceRef.Collection(CollectionPath(c, null, index)).ToString(),
        "Namespace" => Id(row, "namespaceId") is { } n && index.Namespace(n) is { } ns ? ResourceRef.Namespace(ns.Name).ToString() : Deleted("namespace", Id(row, "namespaceId")),
        "AllNamespaces" => ResourceRef.AllNamespaces.ToString(),
        var other => other ?? "(no resource)",
    };
}
