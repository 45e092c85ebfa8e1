using System.Collections.Immutable;
using AccessControl.Core.Model;

namespace AccessControl.Core.Engine;

public sealed partial class AccessEngine
{
    /// <summary>
    /// Every active user (admins included, with an empty explanation) and every service account for which
    /// <paramref name="permission"/> is allowed on <paramref name="resource"/>, each with the grants that give it;
    /// users sorted by userName, service accounts by namespace then name. A pair that is not applicable gives empty
    /// lists and <see cref="WhoCanResult.NotApplicable"/> says why.
    /// </summary>
    public WhoCanResult WhoCan(string permission, ResourceRef resource)
    {
        var p = ResolvePermission(permission, out var perm);
        var r = ResolveResource(resource);
        if (Applicability.WhyNot(perm, data.KindOf(r), data.ResourceRefs[r]) is { } why)
            return new WhoCanResult([], [], why);

        Span<int> path = data.PathCapacity <= 64 ? stackalloc int[64] : new int[data.PathCapacity];
        var levels = path[..data.ContainersOf(r, path)];

        // (who, grant, level) in walk order: nearest level first, then grant id, as Check lists them.
        var hits = new List<(int Who, int Grant, int Level)>();
        foreach (var level in levels)
            foreach (var g in data.GrantsByResource[level])
            {
                if (!data.RoleHas(data.GrantRole[g], p)) continue;
                var subject = data.GrantSubject[g];
                if (data.IsServiceAccount(subject)) { hits.Add((subject, g, level)); continue; }
                foreach (var u in data.CoveredUsers[subject])
                    if (data.UserActive[u] && !data.UserAdmin[u]) hits.Add((u, g, level));
            }
        // Grouped by who, the walk order kept inside each subject's explanation: one sort of (who, position) keys.
        var order = new long[hits.Count];
        for (var i = 0; i < order.Length; i++) order[i] = ((long)hits[i].Who << 32) | (uint)i;
        Array.Sort(order);

        var users = new List<WhoCanUser>();
        var accounts = new List<WhoCanServiceAccount>();
        for (var i = 0; i < order.Length;)
        {
            var who = (int)(order[i] >> 32);
            var because = ImmutableArray.CreateBuilder<Because>();
            for (; i < order.Length && (int)(order[i] >> 32) == who; i++)
            {
                var hit = hits[(int)(uint)order[i]];
                because.Add(BecauseOf(hit.Grant, hit.Level == r ? null : data.ResourceRefs[hit.Level]));
            }
            if (data.IsUser(who)) users.Add(new WhoCanUser(data.SubjectIds[who], Model.Users[who].UserName, false, because.ToImmutable()));
            else
            {
                var sa = Model.ServiceAccounts[who - data.ServiceAccountBase];
                accounts.Add(new WhoCanServiceAccount(sa.Id, sa.Namespace, sa.Name, because.ToImmutable()));
            }
        }
        foreach (var u in ActiveAdmins) users.Add(new WhoCanUser(data.SubjectIds[u], Model.Users[u].UserName, true, []));

        users.Sort((a, b) => CompareUserNames(a.UserName, b.UserName));
        accounts.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Namespace, b.Namespace);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        return new WhoCanResult([.. users], [.. accounts], null);
    }

    private int[]? activeAdmins;

    /// <summary>The active admins (they may do everything anywhere), found once per engine rather than by a scan of every user per question.</summary>
    private int[] ActiveAdmins => activeAdmins ??= [.. Enumerable.Range(0, data.UserCount).Where(u => data.UserActive[u] && data.UserAdmin[u])];

    private static int CompareUserNames(string a, string b)
    {
        var c = string.Compare(a, b, StringComparison.OrdinalIgnoreCase);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }
}
