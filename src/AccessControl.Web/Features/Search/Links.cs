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

    // Roles and resource sets (console-resources)
    public const string NewRole = "/roles/new";
    public static string CloneRole(string id) => $"/roles/new?from={E(id)}";
    public static string GrantsOfRole(string id) => $"/grants?role={E(id)}";
}
