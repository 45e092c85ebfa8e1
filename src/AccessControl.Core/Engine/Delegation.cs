using System.Collections.Immutable;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public enum DelegationRefusal
{
    /// <summary>The acting userName is not a user of the model.</summary>
    UnknownUser,
    /// <summary>grant.manage does not apply to the resource set (namespaces and namespace:*): Administrators only.</summary>
    NotApplicable,
    /// <summary>The user does not hold grant.manage on the grant's resource (or is inactive).</summary>
    NoGrantManage,
    /// <summary>The role holds permissions the user does not hold on the grant's resource: granting it would escalate.</summary>
    Escalation,
}

/// <summary>The answer of <see cref="Delegation"/>: allowed, or the refusal, the sentence that says why and, for an
/// escalation, the permissions of the role the user lacks (in catalog order).</summary>
public sealed record DelegationDecision(bool Allowed, DelegationRefusal? Refusal, string? Reason, ImmutableArray<string> Missing)
{
    public static readonly DelegationDecision Allow = new(true, null, null, []);

    internal static DelegationDecision Refuse(DelegationRefusal refusal, string reason, ImmutableArray<string> missing = default) =>
        new(false, refusal, reason, missing.IsDefault ? [] : missing);
}

/// <summary>
/// Delegated administration of grants, as Kubernetes RBAC's escalation check: a user holding <c>grant.manage</c> on a
/// collection may create grants on it and below, but only with a role whose every permission they hold there themselves,
/// so a grant they make never gives anyone more than they have. Decisions go through <see cref="AccessEngine.Check"/>,
/// so inheritance, teams, orgs, inactive users and the admin flag count as for any other question.
/// </summary>
/// <remarks>
/// A role's permissions that can never be effective on a collection (Kubernetes ones, ids outside the catalog) are not
/// asked about: a grant on a collection gives none of them, so they cannot widen anything. Granting on R gives the
/// role's permissions on R and its descendants; holding them on R means holding them on every descendant (inheritance
/// only adds), so checking on R is enough.
/// </remarks>
public static class Delegation
{
    public const string GrantManage = "grant.manage";

    /// <summary>May <paramref name="userName"/> create a grant of <paramref name="role"/> on <paramref name="resource"/>?</summary>
    public static DelegationDecision CanCreateGrant(AccessEngine engine, string userName, RoleInfo role, ResourceRef resource)
    {
        if (Manage(engine, userName, resource, "create", out var user, out var where) is { } refused) return refused;
        var missing = ImmutableArray.CreateBuilder<string>();
        foreach (var id in role.Permissions.Distinct().OrderBy(engine.Catalog.IndexOf))
        {
            if (!engine.Catalog.TryGet(id, out var p) || !Applicability.Applies(p, resource.Kind)) continue;
            if (!engine.Decide(user, id, resource).Allowed) missing.Add(id);
        }
        if (missing.Count == 0) return DelegationDecision.Allow;
        return DelegationDecision.Refuse(DelegationRefusal.Escalation,
            $"You hold {GrantManage} on {where} but not these permissions of role '{role.Name}' on {resource}: " +
            $"{string.Join(", ", missing)}. A grant you create may give only permissions you hold there yourself; nothing was changed.",
            missing.ToImmutable());
    }

    /// <summary>
    /// May <paramref name="userName"/> delete a grant on <paramref name="resource"/>? Holding grant.manage there is
    /// enough: a deletion only narrows access, whatever the role (as deleting a RoleBinding in Kubernetes).
    /// </summary>
    public static DelegationDecision CanDeleteGrant(AccessEngine engine, string userName, ResourceRef resource) =>
        Manage(engine, userName, resource, "delete", out _, out _) ?? DelegationDecision.Allow;

    private static DelegationDecision? Manage(AccessEngine engine, string userName, ResourceRef resource, string verb,
        out SubjectRef user, out string where)
    {
        user = default;
        where = "";
        if (resource.Kind != ResourceKind.Collection)
            return DelegationDecision.Refuse(DelegationRefusal.NotApplicable,
                $"Only Administrators may {verb} grants on namespaces ({resource}): {GrantManage} is a Swarm permission " +
                "that delegates grants on collections, never on Kubernetes namespaces.");
        if (engine.Index.FindUser(userName) is not { } info)
            return DelegationDecision.Refuse(DelegationRefusal.UnknownUser,
                $"Only Administrators and users holding {GrantManage} may {verb} grants; '{userName}' is not a user of the model.");
        user = SubjectRef.User(info.UserName);
        var d = engine.Check(user, GrantManage, resource);
        if (!d.Allowed)
            return DelegationDecision.Refuse(DelegationRefusal.NoGrantManage, d.Denial == DenialReason.Inactive
                ? $"You may not {verb} grants: {d.Reason}"
                : $"You may not {verb} grants on {resource}: you do not hold {GrantManage} on it or on any collection above it.");
        where = d.ViaAdmin ? $"{resource} (as a platform admin)" : d.Because[0].Resource;
        return null;
    }
}
