using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Exports;
using AccessControl.Web.Features.History;

namespace AccessControl.Web.Features.Reports;

/// <summary>
/// Risk findings on the model as of an instant. Each finding links to the report page that explains it (who-can for a
/// dangerous permission, why-not for an inactive user's grant, the matrix for a collection unlike its siblings).
/// </summary>
public sealed class RiskService(HistoryService history)
{
    /// <summary>Permissions that let their holder take over hosts, read secrets or change the cluster.</summary>
    public static readonly IReadOnlyList<(string Permission, string Why)> Dangerous =
    [
        ("container.exec", "a shell inside running containers"),
        ("container.create:privileged", "privileged containers (root on the host)"),
        ("container.create:host-bind-mounts", "containers that mount the host's file system"),
        ("service.create:host-bind-mounts", "services that mount the host's file system"),
        ("secret.view", "reads secrets"),
        ("secret.use", "uses secrets in services"),
        ("node.update", "changes nodes (drain, promote, labels)"),
        ("kubernetes.pods/exec.create", "a shell inside pods"),
        ("kubernetes.secrets.get", "reads Kubernetes secrets"),
        ("kubernetes.nodes.update", "changes Kubernetes nodes"),
    ];

    /// <summary>How far (Jaccard similarity of the users granted directly) a collection may stray from its siblings' average.</summary>
    public const double SiblingSimilarity = 0.2;

    public async Task<RiskReport> RisksAsync(string? asOf, CancellationToken ct)
    {
        var (engine, instant) = await history.AtAsync(asOf, ct);
        var findings = new List<RiskFinding>();
        var grantRows = AclRows.Grants(engine).ToList();
        var m = engine.Model;
        var index = engine.Index;

        var dangerous = Dangerous.Where(d => engine.Catalog.Contains(d.Permission)).ToList();
        var dangerousByRole = m.Roles.ToDictionary(r => r.Id, r => dangerous.Where(d => r.Permissions.Contains(d.Permission)).ToList(), StringComparer.Ordinal);
        // A user's own private collection (/Shared/Private/<user>, granted to them by default) is theirs by design.
        static bool OwnPrivate(GrantRow g) => g.Via == g.Subject && g.Subject.StartsWith("user:", StringComparison.Ordinal)
            && g.Resource == $"collection:/Shared/Private/{g.Subject["user:".Length..]}";
        foreach (var g in grantRows.Where(g => g.Active && !OwnPrivate(g) && dangerousByRole.GetValueOrDefault(g.Role) is { Count: > 0 }).GroupBy(g => (g.Subject, g.Resource)))
        {
            var held = g.SelectMany(x => dangerousByRole[x.Role]).Distinct().Where(d => Applicability.Applies(engine.Catalog.Get(d.Permission), ResourceKindOf(g.Key.Resource))).ToList();
            if (held.Count == 0) continue;
            findings.Add(new RiskFinding("dangerous-permission", "high", g.Key.Subject, g.Key.Resource,
                $"{string.Join(", ", held.Select(d => $"{d.Permission} ({d.Why})"))} through {string.Join(", ", g.Select(x => $"{x.RoleName} via {x.Via}").Distinct())}",
                Link("who-can", ("resource", g.Key.Resource), ("permission", held[0].Permission))));
        }
        foreach (var u in m.Users.Where(u => u.Active && u.IsAdmin))
            findings.Add(new RiskFinding("admin", "info", SubjectRef.User(u.UserName).ToString(), "collection:/",
                "an admin holds every permission everywhere, whatever the grants", Link("what-can", ("subject", SubjectRef.User(u.UserName).ToString()))));

        foreach (var g in m.Grants.Where(g => g.RoleId == BuiltInRoles.FullControl
                     && (g.ResourceKind == ResourceKind.AllNamespaces || g.ResourceKind == ResourceKind.Collection && g.CollectionId == BuiltInCollections.Root)))
        {
            var subject = index.SubjectRefOf(g.SubjectKind, g.SubjectId);
            var resource = index.ResourceRefOf(g);
            findings.Add(new RiskFinding("full-control-at-top", "high", subject, resource,
                $"Full Control on {resource}: every permission on everything below it", Link("what-can", ("subject", subject))));
        }

        foreach (var g in m.Grants.Where(g => g.SubjectKind == SubjectKind.User && index.User(g.SubjectId) is { Active: false }))
        {
            var subject = index.SubjectRefOf(g.SubjectKind, g.SubjectId);
            var resource = index.ResourceRefOf(g);
            var role = index.Role(g.RoleId);
            var permission = role?.Permissions.FirstOrDefault() ?? "container.view";
            findings.Add(new RiskFinding("grant-to-inactive-user", "medium", subject, resource,
                $"{role?.Name ?? g.RoleId} is granted to an inactive user: it gives nothing now, but comes back on reactivation",
                Link("why-not", ("subject", subject), ("permission", permission), ("resource", resource))));
        }

        var members = m.TeamMembers.Select(t => t.TeamId).ToHashSet();
        foreach (var g in m.Grants.Where(g => g.SubjectKind == SubjectKind.Team && !members.Contains(g.SubjectId)))
        {
            var subject = index.SubjectRefOf(g.SubjectKind, g.SubjectId);
            findings.Add(new RiskFinding("empty-team-with-grants", "low", subject, index.ResourceRefOf(g),
                $"{subject} has no members but holds {index.Role(g.RoleId)?.Name ?? g.RoleId}: whoever is added gets it at once",
                Link("what-can", ("subject", subject))));
        }

        var used = m.Grants.Select(g => g.RoleId).ToHashSet(StringComparer.Ordinal);
        foreach (var r in m.Roles.Where(r => !used.Contains(r.Id) && !BuiltInRoles.IsBuiltIn(r.Id)))
            findings.Add(new RiskFinding("unused-role", "low", "", $"role:{r.Name}", $"no grant uses the role {r.Name} ({r.Permissions.Length} permissions)",
                Link("who-can", ("resource", "collection:/"), ("role", r.Id))));

        findings.AddRange(UnlikeSiblings(engine, grantRows));
        var order = new Dictionary<string, int> { ["high"] = 0, ["medium"] = 1, ["low"] = 2, ["info"] = 3 };
        var sorted = findings.OrderBy(f => order[f.Severity]).ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.Resource, StringComparer.Ordinal).ToList();
        return new RiskReport(instant, "Which access is risky?",
            sorted.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()), sorted);
    }

    /// <summary>Collections (with at least two siblings) whose directly granted users overlap little with their siblings'.</summary>
    private static IEnumerable<RiskFinding> UnlikeSiblings(AccessEngine engine, List<GrantRow> grants)
    {
        var direct = grants.Where(g => g.Active && g.Resource.StartsWith("collection:", StringComparison.Ordinal))
            .GroupBy(g => g.Resource).ToDictionary(g => g.Key, g => g.Select(x => x.Subject).ToHashSet(StringComparer.Ordinal));
        var index = engine.Index;
        foreach (var family in engine.Model.Collections.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!))
        {
            var refs = family.Select(c => ResourceRef.Collection(index.PathOf(c.Id)).ToString()).ToList();
            if (refs.Count < 3) continue;
            refs = refs.Where(r => r != "collection:/System").ToList(); // the built-in System collection is meant to differ
            foreach (var c in refs)
            {
                var mine = direct.GetValueOrDefault(c) ?? [];
                var others = refs.Where(o => o != c).Select(o => direct.GetValueOrDefault(o) ?? []).ToList();
                if (mine.Count == 0 && others.All(o => o.Count == 0)) continue;
                var similarity = others.Average(o => Jaccard(mine, o));
                if (similarity >= SiblingSimilarity) continue;
                var median = others.Select(o => o.Count).Order().ElementAt(others.Count / 2);
                if (Math.Abs(mine.Count - median) < 2) continue;
                var parent = ResourceRef.Collection(index.PathOf(family.Key)).ToString();
                yield return new RiskFinding("unlike-siblings", "medium", "", c,
                    $"{mine.Count} users have grants directly on {c}; its {others.Count} siblings a median of {median}, and their users overlap {similarity:P0} on average",
                    Link("matrix", ("root", parent)));
            }
        }
    }

    private static ResourceKind ResourceKindOf(string resource) =>
        ResourceRef.TryParse(resource, out var r) ? r.Kind : ResourceKind.Collection;

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>The report page that explains a finding.</summary>
    internal static string Link(string page, params (string Key, string Value)[] query) =>
        $"/reports/{page}?{string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}"))}";
}
