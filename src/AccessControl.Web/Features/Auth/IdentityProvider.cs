namespace AccessControl.Web.Features.Auth;

/// <summary>
/// The identity provider the <c>AzureAd</c> section describes: Entra ID (Instance + TenantId + ClientId) or any
/// standards-compliant OpenID Connect provider (Authority + ClientId + ClientSecret). None configured is allowed in
/// Development and Testing only, where the development sign-in stands in.
/// </summary>
public sealed record IdentityProvider(string? Authority, string? ClientId, string? ClientSecret, string? Audience, bool IsGeneric)
{
    public const string Section = "AzureAd";

    public const string MissingMessage =
        "No identity provider is configured, and outside Development the app does not start without one. Configure " +
        "AzureAd:Instance, AzureAd:TenantId and AzureAd:ClientId (with AzureAd:ClientSecret) for Entra ID, or " +
        "AzureAd:Authority, AzureAd:ClientId and AzureAd:ClientSecret for any OpenID Connect provider " +
        "(environment variables AzureAd__Authority, AzureAd__ClientId, AzureAd__ClientSecret).";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The audience access tokens must carry: AzureAd:Audience, else the client id.</summary>
    public string? ApiAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId : Audience;

    /// <summary>Reads the section and refuses what cannot work: no provider outside Development/Testing, half a configuration.</summary>
    public static IdentityProvider From(IConfiguration configuration, IHostEnvironment environment)
    {
        var s = configuration.GetSection(Section);
        var instance = s["Instance"];
        var authority = s["Authority"];
        // An Authority on a Microsoft host is Entra ID; anything else validates issuers the OpenID Connect way.
        var generic = string.IsNullOrWhiteSpace(instance) && !string.IsNullOrWhiteSpace(authority) && !IsMicrosoftHost(authority);
        var idp = new IdentityProvider(authority?.TrimEnd('/'), s["ClientId"], s["ClientSecret"], s["Audience"], generic);

        if (!idp.IsConfigured)
        {
            if (IsDevelopmentLike(environment)) return idp;
            throw new InvalidOperationException(MissingMessage);
        }
        if (string.IsNullOrWhiteSpace(authority) && (string.IsNullOrWhiteSpace(instance) || string.IsNullOrWhiteSpace(s["TenantId"])))
            throw new InvalidOperationException(
                $"AzureAd:ClientId is set but not where to sign in. {MissingMessage}");
        if (generic && string.IsNullOrWhiteSpace(idp.ClientSecret))
            throw new InvalidOperationException(
                "AzureAd:Authority names an OpenID Connect provider, which needs AzureAd:ClientSecret for the authorization code flow.");
        if (generic && authority!.StartsWith("http:", StringComparison.OrdinalIgnoreCase) && !IsLoopback(authority))
            throw new InvalidOperationException("AzureAd:Authority must use https (plain http only for a provider on loopback).");
        return idp;
    }

    /// <summary>Development and the tests' Testing environment may run without a provider (tests use API tokens).</summary>
    public static bool IsDevelopmentLike(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    private static bool IsMicrosoftHost(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) &&
        (uri.Host.EndsWith("microsoftonline.com", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith("microsoftonline.us", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith("ciamlogin.com", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith("b2clogin.com", StringComparison.OrdinalIgnoreCase));

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
