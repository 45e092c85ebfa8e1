using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

internal sealed partial class CompiledModel
{
    public static CompiledModel Build(AccessModel model, ModelIndex index, PermissionCatalog catalog)
    {
        var roles = Permissions.Build(model, catalog);
        var subjects = SubjectTable.Build(model);
        var resources = Resources.Build(model, index);
        var grants = GrantTable.Build(model.Grants, subjects, resources, roles);
        var cover = BuildCover(model, subjects);
        return From(catalog, roles, subjects, cover, BuildCoveredUsers(cover, subjects.TeamBase, subjects.SubjectCount),
            resources, OrdinalRanks(resources.Refs), grants);
    }

    /// <summary>
    /// The compiled form of <paramref name="model"/> (= <paramref name="old"/>'s model after <paramref name="delta"/>),
    /// rebuilding only the parts the delta touches: equal in every answer to <see cref="Build"/> on the same model.
    /// </summary>
    public static CompiledModel Update(CompiledModel old, AccessModel oldModel, AccessModel model, ModelIndex index, ModelDelta delta)
    {
        var subjects = old.Subjects;
        var renumbered = false;
        if (!delta.Users.IsEmpty || !delta.Teams.IsEmpty || !delta.Orgs.IsEmpty || !delta.ServiceAccounts.IsEmpty)
        {
            var flagsOnly = delta.Teams.IsEmpty && delta.Orgs.IsEmpty && delta.ServiceAccounts.IsEmpty
                ? subjects.WithUserFlags(model, delta.Users.Touched) : null;
            subjects = flagsOnly ?? subjects.TryAppend(model, delta) ?? SubjectTable.Build(model);
            renumbered = flagsOnly is null;
        }
        var subjectMap = renumbered ? old.Subjects.MapTo(subjects) : null;
        var (cover, covered) = renumbered || !delta.TeamMembers.IsEmpty || !delta.OrgMembers.IsEmpty
            ? CoverUpdate.TrySplice(old.Cover, old.CoveredUsers, old.Subjects, subjects, subjectMap, model, delta) ?? (BuildCover(model, subjects), null)
            : (old.Cover, old.CoveredUsers);
        covered ??= BuildCoveredUsers(cover, subjects.TeamBase, subjects.SubjectCount);

        var moved = !delta.Collections.IsEmpty || !delta.Namespaces.IsEmpty;
        var appended = moved ? old.ResourceTable.TryAppend(model, index, delta) : null;
        var resources = appended ?? (moved ? Resources.Build(model, index) : old.ResourceTable);
        var roles = delta.Roles.IsEmpty ? old.Roles : Permissions.Build(model, old.Catalog, old.Roles);

        var grants = old.Grants;
        var resourceMap = moved ? old.ResourceTable.MapTo(resources, oldModel, model) : null;
        if (old.Grants.Dangling > 0) grants = GrantTable.Build(model.Grants, subjects, resources, roles = roles.Fork());
        else if (delta.Grants.IsEmpty && delta.Roles.IsEmpty && (renumbered || moved)
                 && old.Grants.TryRenumber(subjectMap, resourceMap, subjects.SubjectCount, resources.AllNamespaces + 1) is { } renumberedGrants)
            grants = renumberedGrants; // subjects or collections appended: the grants themselves did not change
        else if (renumbered || moved || !delta.Roles.IsEmpty || !delta.Grants.IsEmpty)
            grants = old.Grants.Update(delta.Grants.Touched, delta.Grants.Rows, subjectMap, resourceMap,
                old.RoleIds, roles = roles.Fork(), subjects, resources);
        return From(old.Catalog, roles, subjects, cover, covered, resources,
            !moved ? old.ResourceOrder : appended is not null ? RanksAfterAppend(old.ResourceOrder, old.ResourceTable, resources)
                : OrdinalRanks(resources.Refs), grants, moved ? null : old.ResourceByOrder);
    }

    private static CompiledModel From(PermissionCatalog catalog, Permissions roles, SubjectTable subjects, Csr cover, Csr coveredUsers,
        Resources resources, int[] resourceOrder, GrantTable grants, int[]? resourceByOrder = null) => new()
    {
        Catalog = catalog, Roles = roles, Subjects = subjects, ResourceTable = resources, Grants = grants,
        Words = roles.Words, RoleBits = roles.Bits, RoleIds = roles.Ids,
        SwarmMask = roles.SwarmMask, NamespacedMask = roles.NamespacedMask, KubernetesMask = roles.KubernetesMask,
        PermissionsInIdOrder = roles.InIdOrder,
        TeamBase = subjects.TeamBase, OrgBase = subjects.OrgBase, ServiceAccountBase = subjects.ServiceAccountBase,
        SubjectCount = subjects.SubjectCount, SubjectIds = subjects.Ids, SubjectRefs = subjects.Refs,
        UserActive = subjects.UserActive, UserAdmin = subjects.UserAdmin,
        Cover = cover, CoveredUsers = coveredUsers,
        UserByName = subjects.UserByName, TeamByName = subjects.TeamByName, OrgByName = subjects.OrgByName,
        ServiceAccountByName = subjects.ServiceAccountByName,
        UserBySpan = subjects.UserByName.GetAlternateLookup<ReadOnlySpan<char>>(),
        TeamBySpan = subjects.TeamByName.GetAlternateLookup<ReadOnlySpan<char>>(),
        OrgBySpan = subjects.OrgByName.GetAlternateLookup<ReadOnlySpan<char>>(),
        ServiceAccountBySpan = subjects.ServiceAccountByName.GetAlternateLookup<ReadOnlySpan<char>>(),
        CollectionCount = resources.CollectionCount, AllNamespaces = resources.AllNamespaces,
        Parent = resources.Parent, Depth = resources.Depth, MaxDepth = resources.MaxDepth, Children = resources.Children,
        ResourceRefs = resources.Refs, ResourceOrder = resourceOrder, ResourceByOrder = resourceByOrder ?? Inverse(resourceOrder),
        CollectionByPath = resources.CollectionByPath, NamespaceByName = resources.NamespaceByName,
        CollectionBySpan = resources.CollectionByPath.GetAlternateLookup<ReadOnlySpan<char>>(),
        NamespaceBySpan = resources.NamespaceByName.GetAlternateLookup<ReadOnlySpan<char>>(),
        GrantIds = grants.Ids, GrantSubject = grants.Subject, GrantRole = grants.Role, GrantResource = grants.Resource,
        GrantsByResource = grants.ByResource, GrantsBySubject = grants.BySubject,
        GrantsByResourceSubjectRole = grants.ByResourceSubjectRole, GrantsBySubjectResourceRole = grants.BySubjectResourceRole,
    };

    /// <summary>
    /// Who covers whom. A user: itself, its teams, its orgs, and the orgs of its teams (domain.md's invariant makes a
    /// team member an org member; taking the team's org keeps the answer right even if stored memberships lag).
    /// A team: itself and its org. An org and a service account: itself.
    /// </summary>
    private static Csr BuildCover(AccessModel model, SubjectTable subjects)
    {
        int userCount = subjects.TeamBase, teamBase = subjects.TeamBase, orgBase = subjects.OrgBase, subjectCount = subjects.SubjectCount;
        var (userById, teamById, orgById, teamOrg) = (subjects.UserById, subjects.TeamById, subjects.OrgById, subjects.TeamOrg);
        var keys = new List<int>(model.TeamMembers.Length * 2 + model.OrgMembers.Length);
        var values = new List<int>(keys.Capacity);
        foreach (var m in model.TeamMembers)
            if (userById.TryGetValue(m.UserId, out var u) && teamById.TryGetValue(m.TeamId, out var t))
            {
                keys.Add(u); values.Add(t);
                keys.Add(u); values.Add(teamOrg[t - teamBase]);
            }
        foreach (var m in model.OrgMembers)
            if (userById.TryGetValue(m.UserId, out var u) && orgById.TryGetValue(m.OrgId, out var o))
            {
                keys.Add(u); values.Add(o);
            }
        var byUser = Csr.Group(userCount, keys.ToArray(), values.ToArray());

        var offsets = new int[subjectCount + 1];
        var items = new List<int>(userCount + byUser.Items.Length + (subjectCount - userCount) * 2);
        var buffer = new List<int>();
        for (var s = 0; s < subjectCount; s++)
        {
            buffer.Clear();
            buffer.Add(s);
            if (s < userCount) foreach (var x in byUser[s]) buffer.Add(x);
            else if (s < orgBase) buffer.Add(teamOrg[s - teamBase]);
            buffer.Sort();
            for (var i = 0; i < buffer.Count; i++)
                if (i == 0 || buffer[i] != buffer[i - 1]) items.Add(buffer[i]);
            offsets[s + 1] = items.Count;
        }
        return new Csr { Offsets = offsets, Items = items.ToArray() };
    }

    /// <summary>
    /// The ordinal ranks after <see cref="Resources.TryAppend"/>: each new reference is ranked by counting the old ones
    /// before it (a linear pass instead of sorting every reference again), the old ranks move up past it.
    /// </summary>
    private static int[] RanksAfterAppend(int[] oldRanks, Resources before, Resources after)
    {
        var added = after.CollectionCount - before.CollectionCount;
        // Old resource index → new: collections stay, namespaces and namespace:* move up by the number added.
        var rank = new int[after.Refs.Length];
        for (var r = 0; r < oldRanks.Length; r++) rank[r < before.CollectionCount ? r : r + added] = oldRanks[r];
        for (var n = before.CollectionCount; n < after.CollectionCount; n++)
        {
            var refN = after.Refs[n];
            var position = 0;
            for (var r = 0; r < after.Refs.Length; r++)
                if ((r < before.CollectionCount || r >= after.CollectionCount || r < n) && string.CompareOrdinal(after.Refs[r], refN) < 0) position++;
            for (var r = 0; r < after.Refs.Length; r++)
                if ((r < before.CollectionCount || r >= after.CollectionCount || r < n) && rank[r] >= position) rank[r]++;
            rank[n] = position;
        }
        return rank;
    }

    private static int[] Inverse(int[] ranks)
    {
        var inverse = new int[ranks.Length];
        for (var i = 0; i < ranks.Length; i++) inverse[ranks[i]] = i;
        return inverse;
    }

    private static int[] OrdinalRanks(string[] refs)
    {
        var byRef = new int[refs.Length];
        for (var i = 0; i < byRef.Length; i++) byRef[i] = i;
        Array.Sort(byRef, (a, b) => string.CompareOrdinal(refs[a], refs[b]));
        var rank = new int[refs.Length];
        for (var i = 0; i < byRef.Length; i++) rank[byRef[i]] = i;
        return rank;
    }

    private static Csr BuildCoveredUsers(Csr cover, int userCount, int subjectCount)
    {
        var end = cover.Offsets[userCount];
        var keys = new int[end];
        var values = new int[end];
        for (var u = 0; u < userCount; u++)
            for (var i = cover.Offsets[u]; i < cover.Offsets[u + 1]; i++)
            {
                keys[i] = cover.Items[i]; values[i] = u;
            }
        return Csr.Group(subjectCount, keys, values);
    }
}
