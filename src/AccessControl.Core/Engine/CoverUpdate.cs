using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The cover relation (subject → the subjects whose grants reach it) after a change, without rebuilding it: the rows of
/// the users whose memberships changed (and of new subjects) are computed from the model, every other row is the old
/// one renumbered. Renumbering keeps rows sorted: subjects keep their kind ranges and their order within a kind.
/// </summary>
internal static class CoverUpdate
{
    /// <summary>Null when the change moves teams between orgs or removes groups: then the cover is rebuilt.</summary>
    public static Csr? TrySplice(Csr old, SubjectTable before, SubjectTable after, int[]? map, AccessModel model, ModelDelta delta)
    {
        if (delta.Teams.Touched.Any(before.TeamById.ContainsKey) || delta.Orgs.Touched.Any(before.OrgById.ContainsKey)) return null;

        var ids = delta.TeamMembers.Touched.Select(m => m.UserId).Concat(delta.OrgMembers.Touched.Select(m => m.UserId)).Distinct().ToList();
        var affected = new KeySet<Guid>(ids);
        var rows = new Dictionary<int, List<int>>();
        foreach (var id in ids)
            if (after.UserById.TryGetValue(id, out var u)) rows[u] = [u];
        if (rows.Count > 0)
        {
            foreach (var m in model.TeamMembers)
                if (affected.Contains(m.UserId) && after.UserById.TryGetValue(m.UserId, out var u) && after.TeamById.TryGetValue(m.TeamId, out var t))
                {
                    rows[u].Add(t);
                    rows[u].Add(after.TeamOrg[t - after.TeamBase]);
                }
            foreach (var m in model.OrgMembers)
                if (affected.Contains(m.UserId) && after.UserById.TryGetValue(m.UserId, out var u) && after.OrgById.TryGetValue(m.OrgId, out var o))
                    rows[u].Add(o);
        }

        var inverse = new int[after.SubjectCount];
        if (map is null) for (var s = 0; s < inverse.Length; s++) inverse[s] = s;
        else
        {
            Array.Fill(inverse, -1);
            for (var s = 0; s < map.Length; s++) if (map[s] >= 0) inverse[map[s]] = s;
        }
        var offsets = new int[after.SubjectCount + 1];
        var items = new List<int>(old.Items.Length + rows.Count * 8);
        for (var s = 0; s < after.SubjectCount; s++)
        {
            if (rows.TryGetValue(s, out var row))
            {
                row.Sort();
                for (var i = 0; i < row.Count; i++)
                    if (i == 0 || row[i] != row[i - 1]) items.Add(row[i]);
            }
            else if (inverse[s] is var o and >= 0)
            {
                foreach (var x in old[o])
                    if ((map is null ? x : map[x]) is var y and >= 0) items.Add(y);
            }
            else
            {
                // A new subject whose memberships did not change: itself, and a new team's org.
                items.Add(s);
                if (s >= after.TeamBase && s < after.OrgBase) items.Add(after.TeamOrg[s - after.TeamBase]);
            }
            offsets[s + 1] = items.Count;
        }
        return new Csr { Offsets = offsets, Items = items.ToArray() };
    }
}
