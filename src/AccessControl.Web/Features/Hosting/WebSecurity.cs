using System.Threading.RateLimiting;
using AccessControl.Web.Features.Tokens;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AccessControl.Web.Features.Hosting;

/// <summary>Cookie policy, HSTS and HTTPS redirection, security headers, and the per-token rate limit.</summary>
public static class WebSecurity
{
    /// <summary>Blazor Server needs only its own script; MudBlazor sets inline styles; the circuit is a WebSocket.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Scalar (/scalar) configures itself with an inline script and loads its fonts from its CDN.</summary>
    public const string ScalarContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https:; img-src 'self' data: https:; " +
        "font-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static void AddWebSecurity(this WebApplicationBuilder builder)
    {
        var relaxed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        // Every cookie (sign-in session, antiforgery) in one place: HttpOnly, SameSite=Lax, Secure outside Development.
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
            o.Secure = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(TokenPartition);
            o.OnRejected = OnRejectedAsync;
        });
    }

    public static void UseWebSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/scalar") ? ScalarContentSecurityPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(http);
        });
        app.UseCookiePolicy();
    }

    /// <summary>Requests authenticated by an API token share a fixed window per token; everything else is not limited here.</summary>
    private static RateLimitPartition<string> TokenPartition(HttpContext http)
    {
        var tokenId = http.User.FindFirst(ApiTokenHandler.TokenIdClaim)?.Value;
        if (tokenId is null) return RateLimitPartition.GetNoLimiter("");
        var permits = http.RequestServices.GetRequiredService<IConfiguration>().GetValue("RateLimiting:TokenPermitsPerMinute", 6000);
        return RateLimitPartition.GetFixedWindowLimiter(tokenId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 429, Title = "Too many requests",
                Detail = $"This API token has used its requests for this minute. Retry after {retry} seconds.",
            },
        });
    }
}
