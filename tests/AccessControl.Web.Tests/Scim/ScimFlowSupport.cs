using System.Net;
using System.Text.Json;
using AccessControl.Web.Tests.Infrastructure;

namespace AccessControl.Web.Tests.Scim;

public static class ScimFlowSupport
{
    public const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /// <summary>The decision the engine makes now for a user (the snapshot is refreshed after every commit).</summary>
    public static async Task<bool> Allowed(ApiFixture app, string userName, string permission, string resource)
    {
        var r = await (await app.Client.PostJson("access/check", new { subject = $"user:{userName}", permission, resource })).Expect(HttpStatusCode.OK);
        return r.GetProperty("allowed").GetBoolean();
    }

    public static async Task<string[]> TeamMembers(ApiFixture app, string org, string team)
    {
        var r = await (await app.Client.GetAsync($"orgs/{org}/teams/{team}/members?limit=1000")).Expect(HttpStatusCode.OK);
        return r.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("userName").GetString()!).Order().ToArray();
    }

    public static async Task<JsonElement[]> AuditOf(ApiFixture app, string actor)
    {
        var r = await (await app.Client.GetAsync($"audit?actor={Uri.EscapeDataString(actor)}&limit=1000")).Expect(HttpStatusCode.OK);
        return r.GetProperty("items").EnumerateArray().ToArray();
    }
}
