using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

/// <summary>
/// The cover relation (subject → the subjects whose grants reach it) after a change, without rebuilding it: the rows of
/// the users whose memberships changed (and of new subjects) are computed from the model, every other row is the old
/// one renumbered. Renumbering keeps rows sorted: subjects keep their kind ranges and their order within a kind.
/// </summary>
internal static class CoverUpdate
{
    /// <summary>
    /// The cover after the change, and when no subject moved (<paramref name="map"/> null) the covered-users relation
    /// too, both by replacing the changed rows in block copies of the old arrays; null when the change moves teams
    /// between orgs or removes groups: then the cover is rebuilt.
    /// </summary>
    public static (Csr Cover, Csr? CoveredUsers)? TrySplice(Csr old, Csr oldCovered, SubjectTable before, SubjectTable after, int[]? map,
        AccessModel model, ModelDelta delta)
    {
        if (delta.Teams.Touched.Any(before.TeamById.ContainsKey) || delta.Orgs.Touched.Any(before.OrgById.ContainsKey)) return null;

        var ids = delta.TeamMembers.Touched.Select(m => m.UserId).Concat(delta.OrgMembers.Touched.Select(m => m.UserId)).Distinct().ToList();
        var affected = new KeySet<Guid>(ids);
        var rows = new Dictionary<int, List<int>>();
        foreach (var id in ids)
            if (after.UserById.TryGetValue(id, out var u)) rows[u] = [u];
        if (map is null && FromDelta(old, after, delta, rows)) return Splice(old, oldCovered, rows);
        foreach (var row in rows) row.Value.RemoveRange(1, row.Value.Count - 1);
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

        if (map is null) return Splice(old, oldCovered, rows);

        var inverse = new int[after.SubjectCount];
        Array.Fill(inverse, -1);
        for (var s = 0; s < map.Length; s++) if (map[s] >= 0) inverse[map[s]] = s;
        var offsets = new int[after.SubjectCount + 1];
        var items = new int[old.Items.Length + rows.Sum(r => r.Value.Count) + 2 * (after.SubjectCount - before.SubjectCount) + 16];
        var n = 0;
        void Add(int x)
        {
            if (n == items.Length) Array.Resize(ref items, items.Length * 2);
            items[n++] = x;
        }
        for (var s = 0; s < after.SubjectCount; s++)
        {
            if (rows.TryGetValue(s, out var row))
                foreach (var x in SortedDistinct(row)) Add(x);
            else if (inverse[s] is var o and >= 0)
            {
                foreach (var x in old[o])
                    if (map[x] is var y and >= 0) Add(y);
            }
            else
            {
                // A new subject whose memberships did not change: itself, and a new team's org.
                Add(s);
                if (s >= after.TeamBase && s < after.OrgBase) Add(after.TeamOrg[s - after.TeamBase]);
            }
            offsets[s + 1] = n;
        }
        Array.Resize(ref items, n);
        return (new Csr { Offsets = offsets, Items = items }, null);
    }

    /// <summary>
    /// The changed users' rows from their old rows and the delta alone, without scanning the membership tables: teams
    /// joined and left, orgs joined and left, and the orgs of the teams. False when that cannot be told apart: an org
    /// still in the row only through a team the user left may also be a direct membership; then the tables are read.
    /// </summary>
    private static bool FromDelta(Csr old, SubjectTable subjects, ModelDelta delta, Dictionary<int, List<int>> rows)
    {
        foreach (var (u, row) in rows)
        {
            var id = subjects.Ids[u];
            var teams = new HashSet<int>();
            var orgs = new HashSet<int>();
            foreach (var x in old[u])
                if (x >= subjects.TeamBase && x < subjects.OrgBase) teams.Add(x);
                else if (x >= subjects.OrgBase && x < subjects.ServiceAccountBase) orgs.Add(x);
            var oldTeams = teams.ToArray();
            var joined = new HashSet<int>();
            var left = new HashSet<int>();
            for (var i = 0; i < delta.TeamMembers.Touched.Length; i++)
            {
                var (teamId, userId) = delta.TeamMembers.Touched[i];
                if (userId != id || !subjects.TeamById.TryGetValue(teamId, out var t)) continue;
                if (delta.TeamMembers.Rows.Any(m => m.TeamId == teamId && m.UserId == id)) teams.Add(t);
                else teams.Remove(t);
            }
            for (var i = 0; i < delta.OrgMembers.Touched.Length; i++)
            {
                var (orgId, userId) = delta.OrgMembers.Touched[i];
                if (userId != id || !subjects.OrgById.TryGetValue(orgId, out var o)) continue;
                if (delta.OrgMembers.Rows.Any(m => m.OrgId == orgId && m.UserId == id)) joined.Add(o);
                else left.Add(o);
            }
            var teamOrgs = teams.Select(t => subjects.TeamOrg[t - subjects.TeamBase]).ToHashSet();
            foreach (var o in orgs)
            {
                if (joined.Contains(o) || teamOrgs.Contains(o)) continue;
                if (left.Contains(o)) continue; // left directly, and no team of the org is left
                // In the row before, not through a team now: direct unless it came through a team the user left.
                if (oldTeams.Any(t => subjects.TeamOrg[t - subjects.TeamBase] == o)) return false;
                joined.Add(o);
            }
            row.AddRange(teams);
            row.AddRange(teamOrgs);
            row.AddRange(joined);
        }
        return true;
    }

    private static int[] SortedDistinct(List<int> row)
    {
        row.Sort();
        var n = 0;
        for (var i = 0; i < row.Count; i++)
            if (i == 0 || row[i] != row[i - 1]) row[n++] = row[i];
        return [.. row.Take(n)];
    }

    /// <summary>
    /// No subject moved: the changed users' cover rows replaced, and each of them taken out of (or put into) the
    /// covered-users rows of the groups it left (or joined).
    /// </summary>
    private static (Csr, Csr?) Splice(Csr old, Csr oldCovered, Dictionary<int, List<int>> rows)
    {
        var coverRows = new List<(int Key, int[] Row)>(rows.Count);
        var changes = new Dictionary<int, List<(int User, bool In)>>();
        foreach (var (u, list) in rows.OrderBy(r => r.Key))
        {
            var row = SortedDistinct(list);
            coverRows.Add((u, row));
            var before = old[u];
            foreach (var x in row)
                if (before.BinarySearch(x) < 0) Change(x, u, true);
            foreach (var x in before)
                if (Array.BinarySearch(row, x) < 0) Change(x, u, false);
        }
        void Change(int group, int user, bool joins)
        {
            if (!changes.TryGetValue(group, out var c)) changes[group] = c = [];
            c.Add((user, joins));
        }
        var coveredRows = new List<(int Key, int[] Row)>(changes.Count);
        foreach (var (group, c) in changes.OrderBy(x => x.Key))
        {
            // A group's row is sorted: each user goes in (or out) at its place; an org may cover every user.
            var members = new List<int>(oldCovered[group].Length + c.Count);
            members.AddRange(oldCovered[group]);
            foreach (var (user, joins) in c)
            {
                var at = members.BinarySearch(user);
                if (joins && at < 0) members.Insert(~at, user);
                else if (!joins && at >= 0) members.RemoveAt(at);
            }
            coveredRows.Add((group, [.. members]));
        }
        return (old.WithRows(coverRows), oldCovered.WithRows(coveredRows));
    }
}
