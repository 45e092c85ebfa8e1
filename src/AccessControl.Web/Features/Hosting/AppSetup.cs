using Microsoft.AspNetCore.Components.Server.Circuits;
using System.Text.Json.Serialization;
using AccessControl.Web.Components;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.Scim;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace AccessControl.Web.Features.Hosting;

public static class AppSetup
{
    /// <summary>Largest request body accepted (a whole model document fits; anything larger is a 413).</summary>
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    public static void AddAccessControl(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddAccessControlDatabase(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();
        services.AddScoped<CircuitHandler, CircuitActor>();
        services.AddFeatureServices();
        builder.AddAccessControlAuth();
        builder.AddWebSecurity();
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Several quick actions in a row (create, rename, move, a refusal) each say what happened: show them all at once,
        // newest at the bottom, instead of queueing the latest message behind older ones.
        services.AddMudServices(c => c.SnackbarConfiguration.MaxDisplayedSnackbars = 10);
        // Package assets (MudBlazor's CSS and JS) of an unpublished build: served in Development by default, in Testing too.
        if (builder.Environment.IsEnvironment("Testing")) builder.WebHost.UseStaticWebAssets();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.MaxDepth = 64;
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // Problem details never carry exception details; the trace id lets an operator find the log entry.
            c.ProblemDetails.Extensions.Remove("exception");
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            c.ProblemDetails.Detail ??= DefaultDetail(c.ProblemDetails.Status, c.HttpContext);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed JSON and bad route values reach ProblemExceptionHandler, which says what is wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // /scim/v2 authenticates only with a provisioning connection's token, whatever the default scheme is.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ScimAuthenticationHandler>(ScimAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            o.AddPolicy(ScimAuthenticationHandler.Policy, new AuthorizationPolicyBuilder(ScimAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }

    /// <summary>A detail for answers the framework writes without one (unknown route, wrong method, ...).</summary>
    private static string DefaultDetail(int? status, HttpContext http) => status switch
    {
        404 => $"There is no endpoint at {http.Request.Path}. The API is described at /openapi/v1.json and /scalar.",
        405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        413 => "The request body is larger than the server accepts.",
        415 => "Send the body as application/json.",
        _ => "The request could not be handled.",
    };

    public static void UseAccessControl(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSecurity();
        app.UseMiddleware<RequestSizeLimit>();
        // SCIM answers (401/403/404/405 included) in its own error shape: its middleware wraps authentication.
        app.UseWhen(h => h.Request.Path.StartsWithSegments("/scim/v2"), scim => scim.UseMiddleware<ScimRequests>());
        app.MapStaticAssets().AllowAnonymous();
        app.UseAccessControlAuth();
        app.UseAntiforgery();
        // The API description is reading the model's shape: Read, like the model itself.
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Policies.Read);
        app.MapScalarApiReference("/scalar", o => o.WithTitle("AccessControl API")).RequireAuthorization(Policies.Read);
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapPeopleSignIn();
        app.MapGroup("/api/v1").MapAccessControlApi().MapAuthApi();
        app.MapScim();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymousFrameworkEndpoints();
    }
}
