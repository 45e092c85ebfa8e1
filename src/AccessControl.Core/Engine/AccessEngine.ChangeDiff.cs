using System.Collections.Immutable;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    /// <summary>
    /// <see cref="Changes"/>: the candidate (subject, resource set) pairs of each changed row, found in both models
    /// (side 0 before, side 1 after), then each pair decided by both engines. Pairs are keyed by reference, as the
    /// answer is.
    /// </summary>
    private sealed class ChangeDiff(AccessEngine[] sides)
    {
        /// <summary>A change behind a candidate; <see cref="Grant"/> ≥ 0 when it reaches the pair through that grant of that side.</summary>
        private readonly record struct Cause(long Id, int Side, int Grant);

        private sealed class Candidates
        {
            /// <summary>Set when all of the subject's access is to be compared (the user or service account itself changed).</summary>
            public List<Cause>? Whole;
            public readonly Dictionary<string, List<Cause>> On = new(StringComparer.Ordinal);
        }

        private readonly Dictionary<string, Candidates> bySubject = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> resources = new(StringComparer.Ordinal);
        private readonly Dictionary<Guid, List<long>> covers = [];
        private readonly Dictionary<string, List<long>> roles = new(StringComparer.Ordinal);

        public void Collect(IEnumerable<RowChange> changes)
        {
            foreach (var change in changes)
            {
                if (change.Table is ModelTable.OrgMember or ModelTable.TeamMember)
                {
                    var slash = change.Key.IndexOf('/');
                    if (Guid.TryParse(change.Key.AsSpan(slash + 1), out var user)) Add(covers, user, change.Cause);
                }
                else if (change.Table == ModelTable.Role) Add(roles, change.Key, change.Cause);
                else for (var side = 0; side < 2; side++) Note(side, change);
            }
            for (var side = 0; side < 2; side++) GrantsOfRoles(side);
            foreach (var (user, causes) in covers) CoverChanged(user, causes);
            foreach (var (resource, causes) in resources) for (var side = 0; side < 2; side++) Holders(side, resource, causes);
        }

        private void Note(int side, RowChange change)
        {
            var d = sides[side].data;
            var key = change.Key;
            switch (change.Table)
            {
                case ModelTable.User when Guid.TryParse(key, out var id) && d.Subjects.UserById.TryGetValue(id, out var s):
                    Whole(d.SubjectRefs[s], new Cause(change.Cause, side, -1));
                    break;
                case ModelTable.ServiceAccount when Guid.TryParse(key, out var id) && d.Subjects.ServiceAccountById.TryGetValue(id, out var s):
                    Whole(d.SubjectRefs[s], new Cause(change.Cause, side, -1));
                    break;
                case ModelTable.Team when Guid.TryParse(key, out var id) && d.Subjects.TeamById.TryGetValue(id, out var t):
                    foreach (var u in d.CoveredUsers[t]) Add(covers, d.SubjectIds[u], change.Cause);
                    break;
                case ModelTable.Org when Guid.TryParse(key, out var id) && d.Subjects.OrgById.TryGetValue(id, out var o):
                    foreach (var u in d.CoveredUsers[o]) Add(covers, d.SubjectIds[u], change.Cause);
                    break;
                case ModelTable.Collection when d.ResourceTable.CollectionById.TryGetValue(key, out var c):
                    foreach (var r in sides[side].Reach(c)) Add(resources, d.ResourceRefs[r], change.Cause);
                    break;
                case ModelTable.Namespace when Guid.TryParse(key, out var id) && d.ResourceTable.NamespaceById.TryGetValue(id, out var n):
                    Add(resources, d.ResourceRefs[n], change.Cause);
                    break;
                case ModelTable.Grant when Guid.TryParse(key, out var id) && Array.BinarySearch(d.GrantIds, id) is var g and >= 0:
                    GrantPairs(side, g, [change.Cause]);
                    break;
            }
        }

        /// <summary>Every user the grant covers (or its service account) × every resource set it reaches.</summary>
        private void GrantPairs(int side, int g, List<long> causes)
        {
            var e = sides[side];
            var subject = e.data.GrantSubject[g];
            int[] users = e.data.IsServiceAccount(subject) ? [subject] : e.data.CoveredUsers[subject].ToArray();
            foreach (var r in e.Reach(e.data.GrantResource[g]))
                foreach (var u in users)
                    Pair(e.data.SubjectRefs[u], e.data.ResourceRefs[r], causes, side, g);
        }

        private void GrantsOfRoles(int side)
        {
            if (roles.Count == 0) return;
            var d = sides[side].data;
            var changed = new Dictionary<int, List<long>>();
            foreach (var (role, causes) in roles)
                if (Array.IndexOf(d.RoleIds, role) is var i and >= 0) changed[i] = causes;
            if (changed.Count == 0) return;
            for (var g = 0; g < d.GrantIds.Length; g++)
                if (changed.TryGetValue(d.GrantRole[g], out var causes)) GrantPairs(side, g, causes);
        }

        /// <summary>A user whose memberships changed: the grants of the teams and orgs that entered or left its cover.</summary>
        private void CoverChanged(Guid user, List<long> causes)
        {
            var of = new HashSet<Guid>[2];
            for (var side = 0; side < 2; side++)
            {
                var d = sides[side].data;
                of[side] = d.Subjects.UserById.TryGetValue(user, out var s) ? [.. Ids(d, d.Cover[s])] : [];
            }
            var moved = new HashSet<Guid>(of[0]);
            moved.SymmetricExceptWith(of[1]);
            if (moved.Count == 0) return;
            for (var side = 0; side < 2; side++)
            {
                var e = sides[side];
                if (!e.data.Subjects.UserById.TryGetValue(user, out var s)) continue;
                foreach (var x in e.data.Cover[s].ToArray())
                {
                    if (!moved.Contains(e.data.SubjectIds[x])) continue;
                    foreach (var g in e.data.GrantsBySubject[x].ToArray())
                        foreach (var r in e.Reach(e.data.GrantResource[g]))
                            Pair(e.data.SubjectRefs[s], e.data.ResourceRefs[r], causes, side, g);
                }
            }
        }

        private static Guid[] Ids(CompiledModel d, ReadOnlySpan<int> subjects)
        {
            var ids = new Guid[subjects.Length];
            for (var i = 0; i < ids.Length; i++) ids[i] = d.SubjectIds[subjects[i]];
            return ids;
        }

        /// <summary>Everyone who holds anything on a changed resource set in one model: the grants on it and its containers, the active admins.</summary>
        private void Holders(int side, string resource, List<long> causes)
        {
            var e = sides[side];
            var d = e.data;
            var r = e.ResourceOf(resource);
            if (r < 0) return;
            var levels = new int[d.PathCapacity];
            var n = d.ContainersOf(r, levels);
            foreach (var level in levels.AsSpan(0, n))
                foreach (var g in d.GrantsByResource[level])
                {
                    var subject = d.GrantSubject[g];
                    if (d.IsServiceAccount(subject)) Pair(d.SubjectRefs[subject], resource, causes, side, -1);
                    else foreach (var u in d.CoveredUsers[subject]) Pair(d.SubjectRefs[u], resource, causes, side, -1);
                }
            for (var u = 0; u < d.UserCount; u++)
                if (d.UserActive[u] && d.UserAdmin[u]) Pair(d.SubjectRefs[u], resource, causes, side, -1);
        }

        private Candidates Of(string subject)
        {
            if (!bySubject.TryGetValue(subject, out var c)) bySubject[subject] = c = new Candidates();
            return c;
        }

        private void Whole(string subject, Cause cause) => (Of(subject).Whole ??= []).Add(cause);

        private void Pair(string subject, string resource, List<long> causes, int side, int grant)
        {
            var on = Of(subject).On;
            if (!on.TryGetValue(resource, out var list)) on[resource] = list = [];
            foreach (var id in causes) list.Add(new Cause(id, side, grant));
        }

        private static void Add<TKey>(Dictionary<TKey, List<long>> map, TKey key, long cause) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(cause);
        }

        public List<AccessChange> Rows()
        {
            var rows = new List<AccessChange>();
            foreach (var (subject, candidates) in bySubject)
            {
                var s = new[] { sides[0].SubjectOf(subject), sides[1].SubjectOf(subject) };
                if (candidates.Whole is { } whole)
                {
                    var then = EffectiveOf(0, s[0]);
                    var now = EffectiveOf(1, s[1]);
                    foreach (var resource in then.Keys.Union(now.Keys))
                        Emit(rows, subject, resource, then.GetValueOrDefault(resource), now.GetValueOrDefault(resource),
                            whole.Concat(candidates.On.GetValueOrDefault(resource) ?? []));
                    continue;
                }
                foreach (var (resource, causes) in candidates.On)
                    Emit(rows, subject, resource, PermissionsOn(0, s[0], resource), PermissionsOn(1, s[1], resource), causes);
            }
            rows.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(a.Subject, b.Subject);
                return c != 0 ? c : string.CompareOrdinal(a.Resource, b.Resource);
            });
            return rows;
        }

        private Dictionary<string, ImmutableArray<string>> EffectiveOf(int side, int s)
        {
            if (s < 0) return [];
            var e = sides[side];
            return e.Effective(SubjectRef.Parse(e.data.SubjectRefs[s])).Entries.ToDictionary(x => x.Resource, x => x.Permissions, StringComparer.Ordinal);
        }

        private ImmutableArray<string> PermissionsOn(int side, int s, string resource)
        {
            if (s < 0) return [];
            var r = sides[side].ResourceOf(resource);
            return r < 0 ? [] : sides[side].PermissionsOn(s, r);
        }

        private void Emit(List<AccessChange> rows, string subject, string resource, ImmutableArray<string> then, ImmutableArray<string> now, IEnumerable<Cause> causes)
        {
            then = then.IsDefault ? [] : then;
            now = now.IsDefault ? [] : now;
            ImmutableArray<string> gained = [.. now.Except(then, StringComparer.Ordinal)], lost = [.. then.Except(now, StringComparer.Ordinal)];
            if (gained.IsEmpty && lost.IsEmpty) return;
            var ids = causes.Where(c => c.Grant < 0 || Gives(c, c.Side == 1 ? gained : lost)).Select(c => c.Id).Distinct().Order();
            rows.Add(new AccessChange(subject, resource, gained, lost, [.. ids]));
        }

        /// <summary>Does the cause's grant (in its model) hold one of <paramref name="permissions"/>?</summary>
        private bool Gives(Cause c, ImmutableArray<string> permissions)
        {
            var e = sides[c.Side];
            foreach (var p in permissions)
                if (e.Catalog.IndexOf(p) is var i and >= 0 && e.data.RoleHas(e.data.GrantRole[c.Grant], i)) return true;
            return false;
        }
    }
}
