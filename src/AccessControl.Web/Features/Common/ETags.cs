namespace AccessControl.Web.Features.Common;

/// <summary>Entity versions as HTTP ETags (strong, quoted) and If-Match handling.</summary>
public static class ETags
{
    public static string Format(Guid version) => $"\"{version:N}\"";

    /// <summary>The version an If-Match header names; null when absent or "*". A malformed value is a 400.</summary>
    public static Guid? ParseIfMatch(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*") return null;
        var v = ifMatch.Trim();
        if (v.StartsWith("W/", StringComparison.Ordinal)) v = v[2..];
        v = v.Trim('"');
        return Guid.TryParseExact(v, "N", out var g) ? g
            : throw new ValidationException("If-Match", "The If-Match header must be an ETag this API returned, such as \"0f8fad5bd9cb469fa16570867728950e\".");
    }

    /// <summary>Throws 412 when an If-Match was sent and the entity's current version differs.</summary>
    public static void Check(Guid? expected, Guid current, string what)
    {
        if (expected is { } e && e != current)
            throw new PreconditionFailedException(
                $"{what} was changed by someone else since you read it (your ETag is stale). Nothing was changed: reload it, re-apply your change and send the new ETag.");
    }

    public static Guid? IfMatch(this HttpContext http) => ParseIfMatch(http.Request.Headers.IfMatch.ToString());

    public static void SetETag(this HttpContext http, Guid version) => http.Response.Headers.ETag = Format(version);

    public static void SetETag(this HttpContext http, string etag) => http.Response.Headers.ETag = etag;
}
