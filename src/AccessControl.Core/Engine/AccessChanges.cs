using System.Collections.Immutable;

namespace AccessControl.Core.Engine;

/// <summary>A table of the model, to name a row that changed (<see cref="RowChange"/>).</summary>
public enum ModelTable { User, Org, Team, OrgMember, TeamMember, ServiceAccount, Role, Collection, Namespace, Grant }

/// <summary>
/// One row that changed between two models: its table, its key as the audit log writes it (a GUID; <c>org/user</c> or
/// <c>team/user</c> for a membership; the id of a role or a collection) and what changed it (an opaque number, e.g. the
/// id of the audit entry).
/// </summary>
public readonly record struct RowChange(ModelTable Table, string Key, long Cause);

/// <summary>
/// What one user or service account gained and lost on one resource set between two models (permission ids, sorted
/// ordinally), and the changes (<see cref="RowChange.Cause"/>, ascending) that caused it.
/// </summary>
public sealed record AccessChange(string Subject, string Resource, ImmutableArray<string> Gained, ImmutableArray<string> Lost, ImmutableArray<long> Causes);
