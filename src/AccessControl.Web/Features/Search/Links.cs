namespace AccessControl.Web.Features.Search;

/// <summary>The console's addresses, in one place so that pages, search and reports link the same way.</summary>
public static class Links
{
    public const string Dashboard = "/";
    public const string Grants = "/grants";
    public const string Users = "/users";
    public const string Orgs = "/orgs";
    public const string ServiceAccounts = "/service-accounts";
    public const string Roles = "/roles";
    public const string Collections = "/collections";
    public const string Namespaces = "/namespaces";
    public const string Reports = "/reports";
    public const string Audit = "/audit";
    public const string Settings = "/settings";

    private static string E(string segment) => Uri.EscapeDataString(segment);

    public static string Grant(Guid id) => $"/grants/{id}";
    public static string User(string userName) => $"/users/{E(userName)}";
    public static string Org(string org) => $"/orgs/{E(org)}";
    public static string Team(string org, string team) => $"/orgs/{E(org)}/teams/{E(team)}";
    public static string ServiceAccount(string ns, string name) => $"/service-accounts/{E(ns)}/{E(name)}";
    public static string Role(string id) => $"/roles/{E(id)}";
    public static string Collection(string id) => $"/collections/{E(id)}";
    public static string Namespace(string name) => $"/namespaces/{E(name)}";

    public const string SettingsTokens = "/settings/tokens";
    public const string SettingsAppRoles = "/settings/app-roles";
    public const string SettingsProvisioning = "/settings/provisioning";
    public static string ProvisioningConnection(Guid id) => $"/settings/provisioning/{id}";

    // Grants and the audit log (console-grants).
    public const string GrantNew = "/grants/new";

    /// <summary>The audit log filtered to one entity's entries (entity type as the log names it: Grant, User, ...).</summary>
    public static string AuditOf(string entityType, string entityKey) => $"/audit?entityType={E(entityType)}&entityKey={E(entityKey)}";

    /// <summary>The page of a subject reference (user:, team:, org:, serviceaccount:); null when it is not one.</summary>
    public static string? Subject(string reference)
    {
        if (!Core.Model.SubjectRef.TryParse(reference, out var s)) return null;
        return s.Kind switch
        {
            Core.Model.SubjectKind.User => User(s.Name),
            Core.Model.SubjectKind.Org => Org(s.Name),
            Core.Model.SubjectKind.Team when s.Split() is var (org, team) => Team(org, team),
            _ when s.Split() is var (ns, name) => ServiceAccount(ns, name),
            _ => null,
        };
    }

    // Roles and resource sets (console-resources)
    public const string NewRole = "/roles/new";
    public static string CloneRole(string id) => $"/roles/new?from={E(id)}";
    public static string GrantsOfRole(string id) => $"/grants?role={E(id)}";
}
