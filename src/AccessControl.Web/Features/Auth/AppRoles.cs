namespace AccessControl.Web.Features.Auth;

/// <summary>The app's own roles (who may use AccessControl), separate from the grants it manages.</summary>
public static class AppRoles
{
    /// <summary>Changes everything.</summary>
    public const string Administrator = "Administrator";
    /// <summary>Reads everything, all reports and exports; changes nothing.</summary>
    public const string Auditor = "Auditor";
    /// <summary>Reads the model; no exports, no reports beyond decisions.</summary>
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Administrator, Auditor, Viewer];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The people configured as Administrators (<c>Bootstrap:Administrators</c>: user names or e-mail addresses).</summary>
    public static string[] BootstrapAdministrators(IConfiguration config) =>
        config.GetSection("Bootstrap:Administrators").Get<string[]>() ?? [];
}

/// <summary>
/// The authorization policies. Every endpoint and page names exactly one; the fallback policy (an authenticated caller)
/// catches anything that forgets. Open endpoints (health probes, sign-in pages) say so with AllowAnonymous.
/// </summary>
public static class Policies
{
    /// <summary>Read the model and ask decisions: Viewer, Auditor or Administrator.</summary>
    public const string Read = "read";
    /// <summary>Reports, exports and the audit log: Auditor or Administrator.</summary>
    public const string Audit = "audit";
    /// <summary>Change anything: Administrator.</summary>
    public const string Admin = "admin";
    /// <summary>
    /// Changes that delegated administrators may make within their reach (teams and members of an org they administer,
    /// grants under a collection where they hold <c>grant.manage</c>): any signed-in app role; the feature service
    /// refuses what the caller's delegation does not cover, and Administrators pass everywhere.
    /// </summary>
    public const string Delegated = "delegated";
    /// <summary>/scim/v2: only a provisioning connection's token (its own authentication scheme), never an app role.</summary>
    public const string Scim = "scim";
}
