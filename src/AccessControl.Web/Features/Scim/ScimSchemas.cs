namespace AccessControl.Web.Features.Scim;

public static class ScimSchemas
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string Error = "urn:ietf:params:scim:api:messages:2.0:Error";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    /// <summary>Removes a leading core schema URN (<c>urn:...:User:</c>, <c>urn:...:Group:</c>) or the enterprise URN from an
    /// attribute path; <paramref name="enterprise"/> says which. Case-insensitive.</summary>
    public static string StripSchema(string path, out bool enterprise)
    {
        enterprise = false;
        foreach (var urn in new[] { User, Group })
            if (path.StartsWith(urn + ":", StringComparison.OrdinalIgnoreCase)) return path[(urn.Length + 1)..];
        if (path.StartsWith(Enterprise, StringComparison.OrdinalIgnoreCase))
        {
            enterprise = true;
            return path.Length > Enterprise.Length && path[Enterprise.Length] == ':' ? path[(Enterprise.Length + 1)..] : path[Enterprise.Length..];
        }
        return path;
    }
}
