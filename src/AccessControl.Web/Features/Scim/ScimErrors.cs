using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

public static class ScimErrorTypes
{
    public const string InvalidFilter = "invalidFilter";
    public const string InvalidPath = "invalidPath";
    public const string InvalidValue = "invalidValue";
    public const string InvalidSyntax = "invalidSyntax";
    public const string Uniqueness = "uniqueness";
    public const string NoTarget = "noTarget";
    public const string Mutability = "mutability";
    public const string TooMany = "tooMany";
}

/// <summary>An error a SCIM client caused, answered as a SCIM Error (RFC 7644 §3.12).</summary>
public sealed class ScimException(int status, string? scimType, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string? ScimType { get; } = scimType;

    public static ScimException NotFound(string what) => new(404, null, $"{what} does not exist.");
    public static ScimException BadValue(string detail) => new(400, ScimErrorTypes.InvalidValue, detail);
    public static ScimException BadPath(string detail) => new(400, ScimErrorTypes.InvalidPath, detail);
}

public static class ScimError
{
    public static JsonObject Body(int status, string? scimType, string detail)
    {
        var o = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Error),
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["detail"] = string.IsNullOrWhiteSpace(detail) ? "The request failed." : detail,
        };
        if (scimType is not null) o["scimType"] = scimType;
        return o;
    }

    public static async Task WriteAsync(HttpContext http, int status, string? scimType, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ScimJson.MediaType;
        await http.Response.WriteAsync(Body(status, scimType, detail).ToJsonString());
    }
}
