using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The grants whose subject, resource and role exist, sorted by id, as parallel columns of subject, role and
/// resource indices, grouped by resource and by subject.
/// </summary>
internal sealed class GrantTable
{
    public required Guid[] Ids { get; init; }
    public required int[] Subject { get; init; }
    public required int[] Role { get; init; }
    public required int[] Resource { get; init; }
    public required Csr ByResource { get; init; }
    public required Csr BySubject { get; init; }
    /// <summary>Aligned with <c>ByResource.Items</c>: each grant's subject (high half) and role (low half), so that a
    /// check walking a resource's grants reads one array instead of two at random positions.</summary>
    public required long[] ByResourceSubjectRole { get; init; }
    /// <summary>Aligned with <c>BySubject.Items</c>: each grant's resource (high half) and role (low half).</summary>
    public required long[] BySubjectResourceRole { get; init; }
    /// <summary>Grants of the model left out because their subject or resource is missing (none in a database with its keys).</summary>
    public required int Dangling { get; init; }

    public static GrantTable Build(IReadOnlyList<GrantInfo> grants, SubjectTable subjects, Resources resources, Permissions roles)
    {
        var rows = Resolve(grants, subjects, resources, roles);
        rows.Sort((a, b) => a.Id.CompareTo(b.Id));
        return From(rows, grants.Count - rows.Count, subjects.SubjectCount, resources.AllNamespaces + 1);
    }

    /// <summary>
    /// The table after a change: the old rows not in <paramref name="touched"/>, renumbered through the maps (old index →
    /// new, -1 when gone; null when nothing moved), merged with the current rows of the touched grants.
    /// </summary>
    public GrantTable Update(IReadOnlyCollection<Guid> touched, IReadOnlyList<GrantInfo> current,
        int[]? subjectMap, int[]? resourceMap, string[] oldRoleIds, Permissions roles, SubjectTable subjects, Resources resources)
    {
        var drop = new bool[Ids.Length];
        foreach (var id in touched)
            if (Array.BinarySearch(Ids, id) is var k and >= 0) drop[k] = true;
        var added = Resolve(current, subjects, resources, roles);
        added.Sort((a, b) => a.Id.CompareTo(b.Id));
        var roleMap = new int[oldRoleIds.Length];
        for (var r = 0; r < roleMap.Length; r++) roleMap[r] = roles.IndexOf(oldRoleIds[r]);

        var rows = new List<Row>(Ids.Length + added.Count);
        var dangling = Dangling + current.Count - added.Count;
        var a = 0;
        for (var k = 0; k < Ids.Length; k++)
        {
            if (drop[k]) continue;
            var s = subjectMap is null ? Subject[k] : subjectMap[Subject[k]];
            var r = resourceMap is null ? Resource[k] : resourceMap[Resource[k]];
            if (s < 0 || r < 0) { dangling++; continue; }
            for (; a < added.Count && added[a].Id.CompareTo(Ids[k]) < 0; a++) rows.Add(added[a]);
            rows.Add(new Row(Ids[k], s, roleMap[Role[k]], r));
        }
        for (; a < added.Count; a++) rows.Add(added[a]);
        return From(rows, dangling, subjects.SubjectCount, resources.AllNamespaces + 1);
    }

    /// <summary>
    /// The same grants after subjects or resource sets were only renumbered in order (rows appended to a kind's range
    /// move the later ranges up): the columns are mapped, the grouped lists keep their items and get new offsets.
    /// Null when a map drops an index or changes the order.
    /// </summary>
    public GrantTable? TryRenumber(int[]? subjectMap, int[]? resourceMap, int subjectCount, int resourceCount)
    {
        if (!InOrder(subjectMap) || !InOrder(resourceMap)) return null;
        var subject = subjectMap is null ? Subject : Array.ConvertAll(Subject, s => subjectMap[s]);
        var resource = resourceMap is null ? Resource : Array.ConvertAll(Resource, r => resourceMap[r]);
        return new GrantTable
        {
            Ids = Ids, Subject = subject, Role = Role, Resource = resource, Dangling = Dangling,
            ByResource = ByResource.Renumber(resourceMap, resourceCount), BySubject = BySubject.Renumber(subjectMap, subjectCount),
            ByResourceSubjectRole = subjectMap is null ? ByResourceSubjectRole : Pack(ByResource.Items, subject, Role),
            BySubjectResourceRole = resourceMap is null ? BySubjectResourceRole : Pack(BySubject.Items, resource, Role),
        };
    }

    private static bool InOrder(int[]? map)
    {
        if (map is null) return true;
        for (var i = 0; i < map.Length; i++)
            if (map[i] < 0 || i > 0 && map[i] <= map[i - 1]) return false;
        return true;
    }

    private readonly record struct Row(Guid Id, int Subject, int Role, int Resource);

    private static List<Row> Resolve(IReadOnlyList<GrantInfo> grants, SubjectTable subjects, Resources resources, Permissions roles)
    {
        var rows = new List<Row>(grants.Count);
        foreach (var g in grants)
        {
            var s = subjects.IndexOf(g.SubjectKind, g.SubjectId);
            var r = resources.IndexOf(g);
            if (s < 0 || r < 0 || g.RoleId is null) continue;
            rows.Add(new Row(g.Id, s, roles.IndexOf(g.RoleId), r));
        }
        return rows;
    }

    private static GrantTable From(List<Row> rows, int dangling, int subjectCount, int resourceCount)
    {
        var n = rows.Count;
        var ids = new Guid[n];
        int[] subject = new int[n], role = new int[n], resource = new int[n], seq = new int[n];
        for (var k = 0; k < n; k++)
        {
            var row = rows[k];
            ids[k] = row.Id; subject[k] = row.Subject; role[k] = row.Role; resource[k] = row.Resource; seq[k] = k;
        }
        var byResource = Csr.Group(resourceCount, resource, seq);
        var bySubject = Csr.Group(subjectCount, subject, seq);
        return new GrantTable
        {
            Ids = ids, Subject = subject, Role = role, Resource = resource, Dangling = dangling,
            ByResource = byResource, BySubject = bySubject,
            ByResourceSubjectRole = Pack(byResource.Items, subject, role), BySubjectResourceRole = Pack(bySubject.Items, resource, role),
        };
    }

    private static long[] Pack(int[] grants, int[] high, int[] low)
    {
        var packed = new long[grants.Length];
        for (var i = 0; i < grants.Length; i++) packed[i] = ((long)high[grants[i]] << 32) | (uint)low[grants[i]];
        return packed;
    }
}
