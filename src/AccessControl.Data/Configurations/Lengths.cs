namespace AccessControl.Data.Configurations;

/// <summary>Column lengths, from the naming rules of domain.md with room for generated ids and keys.</summary>
public static class Lengths
{
    public const int UserName = 256;
    public const int Name = 100;
    public const int DisplayName = 256;
    public const int Email = 320;
    public const int ExternalId = 256;
    public const int Description = 1000;
    public const int Id = 100;
    public const int Permission = 200;
    public const int NamespaceName = 63;
    public const int ServiceAccountName = 253;
    public const int Kind = 20;
    public const int SubjectKey = 64;            // "serviceaccount:" + 32 hex digits
    public const int ResourceKey = 11 + Id;     // "collection:" + collection id
    public const int Actor = 256;
    public const int EntityKey = 300;
    public const int SortName = 320;            // a service account's namespace/name is the longest (63 + 1 + 253)
    public const int SettingValue = 1000;
}
