using System.Collections.Immutable;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// The effect of a change on effective permissions: the engine's <see cref="AccessEngine.Effective"/> of every user and service
/// account, before and after, compared per resource set. An active admin's blanket access is resource <c>*</c>, permission <c>*</c>.
/// </summary>
internal static class ModelImpactCalculator
{
    /// <summary>The model as the context's tracked rows say it is now (rows marked for deletion left out, added ones included).</summary>
    public static AccessModel FromTracked(AccessControlDbContext db)
    {
        List<T> Live<T>() where T : class => db.ChangeTracker.Entries<T>()
            .Where(e => e.State is not (EntityState.Deleted or EntityState.Detached)).Select(e => e.Entity).ToList();
        return new AccessModel(
            [.. Live<User>().Select(u => new UserInfo(u.Id, u.UserName, u.Active, u.IsAdmin))],
            [.. Live<Organization>().Select(o => new OrgInfo(o.Id, o.Name))],
            [.. Live<Team>().Select(t => new TeamInfo(t.Id, t.OrgId, t.Name))],
            [.. Live<OrgMember>().Select(m => new OrgMemberInfo(m.OrgId, m.UserId, m.IsAdmin))],
            [.. Live<TeamMember>().Select(m => new TeamMemberInfo(m.TeamId, m.UserId, m.IsAdmin))],
            [.. Live<ServiceAccount>().Select(a => new ServiceAccountInfo(a.Id, a.Namespace, a.Name))],
            [.. Live<Role>().Select(r => new RoleInfo(r.Id, r.Name, [.. r.Permissions]))],
            [.. Live<Collection>().Select(c => new CollectionInfo(c.Id, c.ParentId, c.Name))],
            [.. Live<Namespace>().Select(n => new NamespaceInfo(n.Id, n.Name))],
            [.. Live<Grant>().Select(g => new GrantInfo(g.Id, g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId))]);
    }

    public static ModelImpact Compute(AccessModel before, AccessModel after)
    {
        var (b, a) = (AccessEngine.Build(before), AccessEngine.Build(after));
        var users = before.Users.Select(u => u.Id).Union(after.Users.Select(u => u.Id));
        var accounts = before.ServiceAccounts.Select(x => x.Id).Union(after.ServiceAccounts.Select(x => x.Id));
        var subjects = users.Select(id => (UserRef(b, id), UserRef(a, id)))
            .Concat(accounts.Select(id => (AccountRef(b, id), AccountRef(a, id))));
        return Compute(b, a, subjects);
    }

    /// <summary>The impact on the given users and service accounts only (each as it is named before and after the change;
    /// null where it does not exist): a single grant's preview needs only the people that grant reaches.</summary>
    public static ModelImpact Compute(AccessEngine b, AccessEngine a, IEnumerable<(SubjectRef? Before, SubjectRef? After)> subjectsBeforeAfter)
    {
        var gained = new List<ImpactEntry>();
        var lost = new List<ImpactEntry>();
        var subjects = subjectsBeforeAfter
            .AsParallel().AsOrdered()
            .Select(x => (Name: (x.After ?? x.Before)!.Value.ToString(), Before: Permissions(b, x.Before), After: Permissions(a, x.After)))
            .ToList();
        foreach (var (name, p0, p1) in subjects)
        {
            Diff(name, p1, p0, gained);
            Diff(name, p0, p1, lost);
        }
        var order = (IEnumerable<ImpactEntry> e) => e.OrderBy(x => x.Subject, StringComparer.Ordinal).ThenBy(x => x.Resource, StringComparer.Ordinal).ToList();
        return new ModelImpact(order(gained), order(lost));
    }

    private static SubjectRef? UserRef(AccessEngine e, Guid id) => e.Index.User(id) is { } u ? SubjectRef.User(u.UserName) : null;
    private static SubjectRef? AccountRef(AccessEngine e, Guid id) =>
        e.Index.ServiceAccount(id) is { } a ? SubjectRef.ServiceAccount(a.Namespace, a.Name) : null;

    private static Dictionary<string, ImmutableHashSet<string>> Permissions(AccessEngine engine, SubjectRef? subject)
    {
        var result = new Dictionary<string, ImmutableHashSet<string>>(StringComparer.OrdinalIgnoreCase);
        if (subject is not { } s) return result;
        if (s.Kind == SubjectKind.User && engine.Index.FindUser(s.Name) is { IsAdmin: true, Active: true })
        {
            result["*"] = ["*"];
            return result;
        }
        foreach (var entry in engine.Effective(s).Entries) result[entry.Resource] = [.. entry.Permissions];
        return result;
    }

    /// <summary>Adds what <paramref name="from"/> holds that <paramref name="minus"/> does not.</summary>
    private static void Diff(string subject, Dictionary<string, ImmutableHashSet<string>> from, Dictionary<string, ImmutableHashSet<string>> minus,
        List<ImpactEntry> into)
    {
        foreach (var (resource, permissions) in from)
        {
            var missing = minus.TryGetValue(resource, out var other) ? permissions.Except(other) : permissions;
            if (missing.Count > 0) into.Add(new ImpactEntry(subject, resource, [.. missing.Order(StringComparer.Ordinal)]));
        }
    }
}
