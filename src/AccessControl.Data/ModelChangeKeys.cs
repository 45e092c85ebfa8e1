using System.Text;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AccessControl.Data;

/// <summary>
/// The keys of the model rows that one or more commits inserted, updated or deleted, per table. Enough to bring a
/// snapshot up to date by reading just those rows again (<see cref="AccessModelLoader.LoadDeltaAsync"/>); small enough
/// to travel in a PostgreSQL notification (<see cref="Serialize"/>). Thread-unsafe: one owner at a time.
/// </summary>
public sealed class ModelChangeKeys
{
    public HashSet<Guid> Users { get; } = [];
    public HashSet<Guid> Orgs { get; } = [];
    public HashSet<Guid> Teams { get; } = [];
    public HashSet<(Guid OrgId, Guid UserId)> OrgMembers { get; } = [];
    public HashSet<(Guid TeamId, Guid UserId)> TeamMembers { get; } = [];
    public HashSet<Guid> ServiceAccounts { get; } = [];
    public HashSet<string> Roles { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Collections { get; } = new(StringComparer.Ordinal);
    public HashSet<Guid> Namespaces { get; } = [];
    public HashSet<Guid> Grants { get; } = [];

    public int Count => Users.Count + Orgs.Count + Teams.Count + OrgMembers.Count + TeamMembers.Count + ServiceAccounts.Count
        + Roles.Count + Collections.Count + Namespaces.Count + Grants.Count;

    public bool IsEmpty => Count == 0;

    /// <summary>Notes the row of a tracked entry when it is part of the model; false for any other row.</summary>
    public bool Add(EntityEntry entry) => entry.Entity switch
    {
        User u => Users.Add(u.Id) | true,
        Organization o => Orgs.Add(o.Id) | true,
        Team t => Teams.Add(t.Id) | true,
        OrgMember m => OrgMembers.Add((m.OrgId, m.UserId)) | true,
        TeamMember m => TeamMembers.Add((m.TeamId, m.UserId)) | true,
        ServiceAccount s => ServiceAccounts.Add(s.Id) | true,
        Role r => Roles.Add(r.Id) | true,
        Collection c => Collections.Add(c.Id) | true,
        Namespace n => Namespaces.Add(n.Id) | true,
        Grant g => Grants.Add(g.Id) | true,
        _ => false,
    };

    public void UnionWith(ModelChangeKeys other)
    {
        Users.UnionWith(other.Users); Orgs.UnionWith(other.Orgs); Teams.UnionWith(other.Teams);
        OrgMembers.UnionWith(other.OrgMembers); TeamMembers.UnionWith(other.TeamMembers);
        ServiceAccounts.UnionWith(other.ServiceAccounts); Roles.UnionWith(other.Roles); Collections.UnionWith(other.Collections);
        Namespaces.UnionWith(other.Namespaces); Grants.UnionWith(other.Grants);
    }

    /// <summary>One line per key: a table letter and the key (<c>u 3f2…</c>, <c>m t:&lt;team&gt;:&lt;user&gt;</c>).</summary>
    public string Serialize()
    {
        var s = new StringBuilder();
        void Lines<T>(char table, IEnumerable<T> keys, Func<T, string> text)
        {
            foreach (var k in keys) s.Append(table).Append(text(k)).Append('\n');
        }
        Lines('u', Users, g => g.ToString("N"));
        Lines('o', Orgs, g => g.ToString("N"));
        Lines('t', Teams, g => g.ToString("N"));
        Lines('O', OrgMembers, m => m.OrgId.ToString("N") + m.UserId.ToString("N"));
        Lines('T', TeamMembers, m => m.TeamId.ToString("N") + m.UserId.ToString("N"));
        Lines('s', ServiceAccounts, g => g.ToString("N"));
        Lines('r', Roles, r => r);
        Lines('c', Collections, c => c);
        Lines('n', Namespaces, g => g.ToString("N"));
        Lines('g', Grants, g => g.ToString("N"));
        return s.ToString();
    }

    public static ModelChangeKeys Parse(ReadOnlySpan<char> text)
    {
        var k = new ModelChangeKeys();
        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (line.Length < 2) continue;
            var v = line[1..];
            switch (line[0])
            {
                case 'u': k.Users.Add(Guid.ParseExact(v, "N")); break;
                case 'o': k.Orgs.Add(Guid.ParseExact(v, "N")); break;
                case 't': k.Teams.Add(Guid.ParseExact(v, "N")); break;
                case 'O': k.OrgMembers.Add((Guid.ParseExact(v[..32], "N"), Guid.ParseExact(v[32..], "N"))); break;
                case 'T': k.TeamMembers.Add((Guid.ParseExact(v[..32], "N"), Guid.ParseExact(v[32..], "N"))); break;
                case 's': k.ServiceAccounts.Add(Guid.ParseExact(v, "N")); break;
                case 'r': k.Roles.Add(v.ToString()); break;
                case 'c': k.Collections.Add(v.ToString()); break;
                case 'n': k.Namespaces.Add(Guid.ParseExact(v, "N")); break;
                case 'g': k.Grants.Add(Guid.ParseExact(v, "N")); break;
                default: throw new FormatException($"Unknown table '{line[0]}' in a model change.");
            }
        }
        return k;
    }
}
