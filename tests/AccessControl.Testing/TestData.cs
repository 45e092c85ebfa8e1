using AccessControl.Core.Model;
using AccessControl.Data.Entities;

namespace AccessControl.Testing;

/// <summary>Entities with every required member filled, for arranging tests.</summary>
public static class TestData
{
    public static User User(string userName) => new()
    {
        Id = Guid.NewGuid(), UserName = userName, NormalizedUserName = Names.Normalize(userName),
    };

    public static Organization Org(string name) => new() { Id = Guid.NewGuid(), Name = name };

    public static Team Team(Guid orgId, string name) => new() { Id = Guid.NewGuid(), OrgId = orgId, Name = name };

    public static Role Role(string name, params string[] permissions) => new()
    {
        Id = Guid.NewGuid().ToString("N"), Name = name, NormalizedName = Names.Normalize(name), Permissions = [.. permissions],
    };

    public static Collection Collection(string parentId, string name) => new()
    {
        Id = Guid.NewGuid().ToString("N"), ParentId = parentId, Name = name, NormalizedName = Names.Normalize(name),
    };

    public static Namespace Namespace(string name) => new() { Id = Guid.NewGuid(), Name = name };

    public static ServiceAccount ServiceAccount(string ns, string name) => new() { Id = Guid.NewGuid(), Namespace = ns, Name = name };

    public static Grant GrantOnCollection(SubjectKind kind, Guid subjectId, string roleId, string collectionId) =>
        Grant(kind, subjectId, roleId, ResourceKind.Collection, collectionId, null);

    public static Grant GrantOnNamespace(SubjectKind kind, Guid subjectId, string roleId, Guid namespaceId) =>
        Grant(kind, subjectId, roleId, ResourceKind.Namespace, null, namespaceId);

    public static Grant Grant(SubjectKind kind, Guid subjectId, string roleId, ResourceKind resourceKind, string? collectionId, Guid? namespaceId) => new()
    {
        Id = Guid.NewGuid(),
        SubjectKind = kind,
        UserId = kind == SubjectKind.User ? subjectId : null,
        TeamId = kind == SubjectKind.Team ? subjectId : null,
        OrgId = kind == SubjectKind.Org ? subjectId : null,
        ServiceAccountId = kind == SubjectKind.ServiceAccount ? subjectId : null,
        SubjectKey = Data.Entities.Grant.MakeSubjectKey(kind, subjectId),
        RoleId = roleId,
        ResourceKind = resourceKind,
        CollectionId = collectionId,
        NamespaceId = namespaceId,
        ResourceKey = Data.Entities.Grant.MakeResourceKey(resourceKind, collectionId, namespaceId),
        CreatedBy = "test",
    };
}
