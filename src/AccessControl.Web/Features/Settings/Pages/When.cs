namespace AccessControl.Web.Features.Settings.Pages;

/// <summary>How the Settings pages show instants: UTC, to the minute (the audit log and the API speak UTC too).</summary>
public static class When
{
    public static string Format(DateTime? instant, string none = "—") =>
        instant is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : none;
}
