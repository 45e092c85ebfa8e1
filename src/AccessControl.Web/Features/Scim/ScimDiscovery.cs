using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

/// <summary>ServiceProviderConfig, ResourceTypes and Schemas (RFC 7643 §5-7), as Entra ID and Okta read them.</summary>
public static class ScimDiscovery
{
    public static JsonObject ServiceProviderConfig(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ServiceProviderConfig),
        ["documentationUri"] = $"{baseUrl.Replace("/scim/v2", "")}/scalar",
        ["patch"] = new JsonObject { ["supported"] = true },
        ["bulk"] = new JsonObject { ["supported"] = false, ["maxOperations"] = 0, ["maxPayloadSize"] = 0 },
        ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimListing.MaxResults },
        ["changePassword"] = new JsonObject { ["supported"] = false },
        ["sort"] = new JsonObject { ["supported"] = false },
        ["etag"] = new JsonObject { ["supported"] = true },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken", ["name"] = "OAuth Bearer Token", ["primary"] = true,
            ["description"] = "The token of a provisioning connection, as 'Authorization: Bearer <token>'.",
        }),
        ["meta"] = new JsonObject { ["resourceType"] = "ServiceProviderConfig", ["location"] = $"{baseUrl}/ServiceProviderConfig" },
    };

    public static JsonObject[] ResourceTypes(string baseUrl) =>
    [
        new()
        {
            ["schemas"] = new JsonArray(ScimSchemas.ResourceType), ["id"] = "User", ["name"] = "User", ["endpoint"] = "/Users",
            ["description"] = "User Account", ["schema"] = ScimSchemas.User,
            ["schemaExtensions"] = new JsonArray(new JsonObject { ["schema"] = ScimSchemas.Enterprise, ["required"] = false }),
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/User" },
        },
        new()
        {
            ["schemas"] = new JsonArray(ScimSchemas.ResourceType), ["id"] = "Group", ["name"] = "Group", ["endpoint"] = "/Groups",
            ["description"] = "Group (a team of the connection's organization)", ["schema"] = ScimSchemas.Group,
            ["schemaExtensions"] = new JsonArray(),
            ["meta"] = new JsonObject { ["resourceType"] = "ResourceType", ["location"] = $"{baseUrl}/ResourceTypes/Group" },
        },
    ];

    public static JsonObject[] Schemas(string baseUrl) =>
    [
        Schema(baseUrl, ScimSchemas.User, "User", "User Account",
        [
            Attr("userName", uniqueness: "server", required: true),
            Complex("name", [Attr("formatted"), Attr("familyName"), Attr("givenName")]),
            Attr("displayName"), Attr("title"),
            Attr("active", "boolean"),
            Complex("emails", [Attr("value"), Attr("type"), Attr("primary", "boolean")], multi: true),
            Attr("externalId", caseExact: true),
            Attr("password", returned: "never", mutability: "writeOnly"),
            Complex("groups", [Attr("value", mutability: "readOnly"), Attr("display", mutability: "readOnly")], multi: true, mutability: "readOnly"),
        ]),
        Schema(baseUrl, ScimSchemas.Group, "Group", "Group",
        [
            Attr("displayName", required: true),
            Attr("externalId", caseExact: true),
            Complex("members", [Attr("value", mutability: "immutable"), Attr("display", mutability: "readOnly"), Attr("$ref", "reference", mutability: "immutable")], multi: true),
        ]),
        Schema(baseUrl, ScimSchemas.Enterprise, "EnterpriseUser", "Enterprise User",
        [
            Attr("employeeNumber"), Attr("department"),
            Complex("manager", [Attr("value"), Attr("$ref", "reference"), Attr("displayName", mutability: "readOnly")]),
        ]),
    ];

    private static JsonObject Schema(string baseUrl, string id, string name, string description, JsonObject[] attributes) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.Schema), ["id"] = id, ["name"] = name, ["description"] = description,
        ["attributes"] = new JsonArray(attributes.Cast<JsonNode>().ToArray()),
        ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = $"{baseUrl}/Schemas/{id}" },
    };

    private static JsonObject Attr(string name, string type = "string", bool required = false, bool caseExact = false, string mutability = "readWrite",
        string returned = "default", string uniqueness = "none") => new()
    {
        ["name"] = name, ["type"] = type, ["multiValued"] = false, ["description"] = name, ["required"] = required,
        ["caseExact"] = caseExact, ["mutability"] = mutability, ["returned"] = returned, ["uniqueness"] = uniqueness,
    };

    private static JsonObject Complex(string name, JsonObject[] subAttributes, bool multi = false, string mutability = "readWrite")
    {
        var a = Attr(name, "complex", mutability: mutability);
        a["multiValued"] = multi;
        a["subAttributes"] = new JsonArray(subAttributes.Cast<JsonNode>().ToArray());
        return a;
    }
}
