using AccessControl.Core.Model;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.Grants;

/// <summary>Builds grant rows with their subject and resource columns and unique keys set consistently.</summary>
public static class GrantRows
{
    public static Grant New(SubjectKind subjectKind, Guid subjectId, string roleId, ResourceKind resourceKind, string? collectionId,
        Guid? namespaceId, string createdBy, DateTime createdAt) => new()
    {
        Id = Guid.NewGuid(),
        SubjectKind = subjectKind,
        UserId = subjectKind == SubjectKind.User ? subjectId : null,
        TeamId = subjectKind == SubjectKind.Team ? subjectId : null,
        OrgId = subjectKind == SubjectKind.Org ? subjectId : null,
        ServiceAccountId = subjectKind == SubjectKind.ServiceAccount ? subjectId : null,
        RoleId = roleId,
        ResourceKind = resourceKind,
        CollectionId = resourceKind == ResourceKind.Collection ? collectionId : null,
        NamespaceId = resourceKind == ResourceKind.Namespace ? namespaceId : null,
        SubjectKey = Grant.MakeSubjectKey(subjectKind, subjectId),
        ResourceKey = Grant.MakeResourceKey(resourceKind, collectionId, namespaceId),
        CreatedBy = createdBy,
        CreatedAt = createdAt,
    };
}
