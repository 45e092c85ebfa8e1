using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Builder;

namespace AccessControl.Web.Components;

public static class BlazorEndpoints
{
    /// <summary>
    /// The framework's own endpoints (the circuit hub /_blazor, its negotiation and the opaque-redirection helper) are
    /// open, as in any Blazor app: the circuit authorizes each page itself (AuthorizeRouteView), and anonymous pages
    /// need it. Page endpoints keep the policy their [Authorize]/[AllowAnonymous] attribute names.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousFrameworkEndpoints(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<ComponentTypeMetadata>().Any()) endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return builder;
    }
}
