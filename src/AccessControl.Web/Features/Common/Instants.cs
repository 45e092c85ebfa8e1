namespace AccessControl.Web.Features.Common;

public static class Instants
{
    /// <summary>Now, to the microsecond: what PostgreSQL stores, so a created entity answers with the instant a later read returns.</summary>
    public static DateTime UtcNowStored(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }
}
