using System.Collections.Immutable;

namespace AccessControl.Core.Engine;

/// <summary>
/// One grant behind a yes. <see cref="Via"/> is the membership it came through: the user or service account itself
/// (a direct grant), a team or an org (as references). <see cref="InheritedFrom"/> is the ancestor collection
/// (or <c>namespace:*</c>) the grant sits on when that is not the resource asked about; null otherwise.
/// </summary>
public sealed record Because(Guid Grant, string Subject, string Role, string Resource, string Via, string? InheritedFrom);

public enum DenialReason
{
    /// <summary>The user is inactive (deprovisioned): no effective permission at all.</summary>
    Inactive,
    /// <summary>The permission does not apply to that kind of resource set (e.g. a Kubernetes permission on a collection).</summary>
    NotApplicable,
    /// <summary>No grant covering the subject on the resource or its ancestors holds the permission.</summary>
    NoGrant,
}

/// <summary>A grant on the path that reaches the subject but lacks the permission asked about.</summary>
public sealed record NearGrant(Guid Grant, string Subject, string Role, string Resource, string Via, string Lacks);

public sealed record Decision(
    bool Allowed,
    ImmutableArray<Because> Because,
    DenialReason? Denial,
    string? Reason,
    ImmutableArray<NearGrant> Nearest,
    bool ViaAdmin = false);

public sealed record WhoCanUser(Guid Id, string UserName, bool IsAdmin, ImmutableArray<Because> Because);
public sealed record WhoCanServiceAccount(Guid Id, string Namespace, string Name, ImmutableArray<Because> Because);
public sealed record WhoCanResult(ImmutableArray<WhoCanUser> Users, ImmutableArray<WhoCanServiceAccount> ServiceAccounts, string? NotApplicable);

/// <summary>One resource set on which a subject holds something, with the union of its permissions there.</summary>
public sealed record EffectiveEntry(string Resource, ImmutableArray<string> Permissions, ImmutableArray<Because> Because);
public sealed record EffectiveResult(string Subject, bool IsAdmin, bool Active, ImmutableArray<EffectiveEntry> Entries);

/// <summary>A reference in a question that names nothing in the model (unknown user, collection path, permission, ...).</summary>
public sealed class UnknownReferenceException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
