using System.Security.Claims;

namespace AccessControl.Web.Features.Common;

/// <summary>Who is calling, as the audit log names them. Until sign-in exists every API call is "api".</summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    private string? overridden;

    public string Name => overridden ?? http.HttpContext?.User.FindFirstValue(ClaimTypes.Name) ?? (http.HttpContext is null ? "system" : "api");

    /// <summary>For work outside a request (start-up, seeding, commands).</summary>
    public void Set(string name) => overridden = name;
}
