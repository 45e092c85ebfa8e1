namespace AccessControl.Web.Features.Grants;

/// <summary>A grant as the API shows it: subject and resource as references, the role by id (and its name).</summary>
public sealed record GrantDto(Guid Id, string Subject, string Role, string RoleName, string Resource, string CreatedBy, DateTime CreatedAt);

public sealed record GrantRequest(string? Subject, string? Role, string? Resource);
