using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The model interned to dense ints, built once per <see cref="AccessEngine"/>.
/// Subjects share one index space: users [0, TeamBase), teams [TeamBase, OrgBase), orgs [OrgBase, ServiceAccountBase),
/// service accounts [ServiceAccountBase, SubjectCount). Resource sets too: collections [0, CollectionCount),
/// namespaces [CollectionCount, AllNamespaces), and <c>namespace:*</c> at <see cref="AllNamespaces"/>.
/// Grants are sorted by id, so every per-resource or per-subject grant list is in grant-id order.
/// </summary>
internal sealed partial class CompiledModel
{
    // The parts the fields below are copied from, kept so that an update can reuse what a change does not touch.
    public required Permissions Roles { get; init; }
    public required SubjectTable Subjects { get; init; }
    public required Resources ResourceTable { get; init; }
    public required GrantTable Grants { get; init; }

    // Permissions: a role is a bit set over PermissionCatalog.IndexOf, Words ulongs at RoleBits[role * Words].
    public required PermissionCatalog Catalog { get; init; }
    public required int Words { get; init; }
    public required ulong[] RoleBits { get; init; }
    public required string[] RoleIds { get; init; }
    public required ulong[] SwarmMask { get; init; }
    public required ulong[] NamespacedMask { get; init; }
    public required ulong[] KubernetesMask { get; init; }
    /// <summary>Permission indices in ordinal order of their ids, for sorted answers.</summary>
    public required int[] PermissionsInIdOrder { get; init; }

    // Subjects.
    public required int TeamBase { get; init; }
    public required int OrgBase { get; init; }
    public required int ServiceAccountBase { get; init; }
    public required int SubjectCount { get; init; }
    public required Guid[] SubjectIds { get; init; }
    public required string[] SubjectRefs { get; init; }
    public required bool[] UserActive { get; init; }
    public required bool[] UserAdmin { get; init; }
    /// <summary>Subject → the subjects whose grants reach it, sorted: a user, its teams and orgs; a team and its org.</summary>
    public required Csr Cover { get; init; }
    /// <summary>Subject → the users it covers (a user itself, a team's members, an org's members), ascending.</summary>
    public required Csr CoveredUsers { get; init; }
    public required Dictionary<string, int> UserByName { get; init; }
    public required Dictionary<string, int> TeamByName { get; init; }
    public required Dictionary<string, int> OrgByName { get; init; }
    public required Dictionary<string, int> ServiceAccountByName { get; init; }
    /// <summary>The name lookups on characters (a slice of a request), so that resolving a name allocates nothing.</summary>
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> UserBySpan { get; init; }
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> TeamBySpan { get; init; }
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> OrgBySpan { get; init; }
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ServiceAccountBySpan { get; init; }

    // Resource sets.
    public required int CollectionCount { get; init; }
    public required int AllNamespaces { get; init; }
    public int ResourceCount => AllNamespaces + 1;
    public required int[] Parent { get; init; }
    public required int[] Depth { get; init; }
    public required int MaxDepth { get; init; }
    public required Csr Children { get; init; }
    public required string[] ResourceRefs { get; init; }
    /// <summary>Resource index → its position in the ordinal order of <see cref="ResourceRefs"/>, for sorted answers.</summary>
    public required int[] ResourceOrder { get; init; }
    /// <summary>The inverse of <see cref="ResourceOrder"/>: position in reference order → resource index.</summary>
    public required int[] ResourceByOrder { get; init; }
    public required Dictionary<string, int> CollectionByPath { get; init; }
    public required Dictionary<string, int> NamespaceByName { get; init; }
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> CollectionBySpan { get; init; }
    public required Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NamespaceBySpan { get; init; }

    // Grants, sorted by id.
    public required Guid[] GrantIds { get; init; }
    public required int[] GrantSubject { get; init; }
    public required int[] GrantRole { get; init; }
    public required int[] GrantResource { get; init; }
    public required Csr GrantsByResource { get; init; }
    public required Csr GrantsBySubject { get; init; }
    /// <summary>Aligned with <c>GrantsByResource.Items</c>: (subject &lt;&lt; 32) | role.</summary>
    public required long[] GrantsByResourceSubjectRole { get; init; }
    /// <summary>Aligned with <c>GrantsBySubject.Items</c>: (resource &lt;&lt; 32) | role.</summary>
    public required long[] GrantsBySubjectResourceRole { get; init; }

    public int UserCount => TeamBase;
    public bool IsUser(int subject) => subject < TeamBase;
    public bool IsServiceAccount(int subject) => subject >= ServiceAccountBase;

    public ResourceKind KindOf(int resource) =>
        resource < CollectionCount ? ResourceKind.Collection
        : resource < AllNamespaces ? ResourceKind.Namespace : ResourceKind.AllNamespaces;

    public ReadOnlySpan<ulong> RoleMask(int role) => RoleBits.AsSpan(role * Words, Words);

    /// <summary>Can <paramref name="permission"/> be effective on that resource set at all (Applicability, as bits).</summary>
    public bool Applies(int permission, int resource) => (ApplicableMask(KindOf(resource))[permission >> 6] & (1UL << permission)) != 0;

    public bool RoleHas(int role, int permission) =>
        (RoleBits[role * Words + (permission >> 6)] & (1UL << permission)) != 0;

    /// <summary>The permissions applicable to a kind of resource set (domain.md: swarm on collections, ...).</summary>
    public ReadOnlySpan<ulong> ApplicableMask(ResourceKind kind) => kind switch
    {
        ResourceKind.Collection => SwarmMask,
        ResourceKind.Namespace => NamespacedMask,
        _ => KubernetesMask,
    };

    /// <summary>
    /// The resource sets whose grants contain <paramref name="resource"/>, nearest first: a collection and its
    /// ancestors; a namespace and <c>namespace:*</c>; <c>namespace:*</c> alone. Returns how many were written.
    /// </summary>
    public int ContainersOf(int resource, Span<int> into)
    {
        var n = 0;
        if (resource < CollectionCount)
            for (var c = resource; c >= 0; c = Parent[c]) into[n++] = c;
        else
        {
            into[n++] = resource;
            if (resource != AllNamespaces) into[n++] = AllNamespaces;
        }
        return n;
    }

    public int PathCapacity => MaxDepth + 2;
}
