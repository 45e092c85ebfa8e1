using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Generation;

public sealed partial class ScaleGenerator
{
    private readonly HashSet<(SubjectKind, Guid, string, ResourceKind, string?, Guid?)> triples = [];

    /// <summary>
    /// Grants, each triple once: the default organization's Scheduler on /Shared; one grant per service account on
    /// its namespace; a few grants on namespace:*; then teams (most), users and orgs on collections of their org's
    /// subtree (sometimes anywhere), and teams and users on namespaces.
    /// </summary>
    private void AddGrants()
    {
        Add(SubjectKind.Org, orgs[0].Id, BuiltInRoles.Scheduler, ResourceKind.Collection, BuiltInCollections.Shared, null);
        foreach (var a in accounts)
        {
            var ns = namespaces.First(n => n.Name == a.Namespace);
            Add(SubjectKind.ServiceAccount, a.Id, rng.NextDouble() < 0.5 ? BuiltInRoles.FullControl : BuiltInRoles.RestrictedControl,
                ResourceKind.Namespace, null, ns.Id);
        }
        for (var i = 0; i < preset.AllNamespaceGrants; i++)
            Add(SubjectKind.Team, teams[rng.Next(teams.Count)].Id, KubernetesRole(), ResourceKind.AllNamespaces, null, null);

        var custom = roles.Skip(BuiltInRoles.All.Length).Select(r => r.Id).ToList();
        for (var guard = 0; grants.Count < preset.Grants && guard < preset.Grants * 10; guard++)
        {
            var x = rng.NextDouble();
            if (x < 0.55)
            {
                var t = rng.Next(teams.Count);
                Add(SubjectKind.Team, teams[t].Id, CollectionRole(custom), ResourceKind.Collection, CollectionIn(orgOfTeam[t], 0.8), null);
            }
            else if (x < 0.77)
            {
                var u = rng.Next(users.Count);
                Add(SubjectKind.User, users[u].Id, CollectionRole(custom), ResourceKind.Collection, CollectionIn(homeOrg[u], 0.7), null);
            }
            else if (x < 0.82)
            {
                var o = 1 + rng.Next(preset.Orgs);
                Add(SubjectKind.Org, orgs[o].Id, CollectionRole(custom), ResourceKind.Collection, CollectionIn(o, 0.9), null);
            }
            else
            {
                var (kind, id) = rng.NextDouble() < 0.7 ? (SubjectKind.Team, teams[rng.Next(teams.Count)].Id)
                    : rng.NextDouble() < 0.8 ? (SubjectKind.User, users[rng.Next(users.Count)].Id)
                    : (SubjectKind.ServiceAccount, accounts[rng.Next(accounts.Count)].Id);
                Add(kind, id, NamespaceRole(custom), ResourceKind.Namespace, null, namespaces[rng.Next(namespaces.Count)].Id);
            }
        }
    }

    private void Add(SubjectKind kind, Guid subject, string role, ResourceKind resourceKind, string? collection, Guid? ns)
    {
        if (triples.Add((kind, subject, role, resourceKind, collection, ns)))
            grants.Add(new GrantInfo(NewId(), kind, subject, role, resourceKind, collection, ns));
    }

    /// <summary>A collection of the org's subtree with probability <paramref name="inOrg"/>, else any collection.</summary>
    private string CollectionIn(int org, double inOrg)
    {
        var own = subtreeOfOrg[org];
        return own.Count > 0 && rng.NextDouble() < inOrg ? own[rng.Next(own.Count)] : collections[rng.Next(collections.Count)].Id;
    }

    private string CollectionRole(List<string> custom) => rng.NextDouble() switch
    {
        < 0.30 => BuiltInRoles.ViewOnly,
        < 0.55 => BuiltInRoles.RestrictedControl,
        < 0.65 => BuiltInRoles.FullControl,
        < 0.70 => BuiltInRoles.Scheduler,
        < 0.71 => BuiltInRoles.None,
        _ => custom.Count > 0 ? custom[rng.Next(custom.Count)] : BuiltInRoles.ViewOnly,
    };

    private string NamespaceRole(List<string> custom) => rng.NextDouble() switch
    {
        < 0.35 => BuiltInRoles.ViewOnly,
        < 0.65 => BuiltInRoles.RestrictedControl,
        < 0.75 => BuiltInRoles.FullControl,
        _ => custom.Count > 0 ? custom[rng.Next(custom.Count)] : BuiltInRoles.ViewOnly,
    };

    private string KubernetesRole() => rng.NextDouble() < 0.7 ? BuiltInRoles.ViewOnly : BuiltInRoles.RestrictedControl;
}
