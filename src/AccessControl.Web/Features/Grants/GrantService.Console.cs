using AccessControl.Core.Engine;
using AccessControl.Core.Model;
using AccessControl.Web.Features.Auth;
using AccessControl.Web.Features.Common;
using AccessControl.Web.Features.ModelDocument;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Grants;

/// <summary>What the console needs beyond the plain CRUD: a grant's reach, the impact of a new one, deleting many at once.</summary>
public sealed partial class GrantService
{
    /// <summary>A grant with everyone it reaches now (from the current snapshot).</summary>
    public async Task<GrantDetailsDto> DetailsAsync(Guid id, CancellationToken ct)
    {
        var grant = await GetAsync(id, ct);
        var engine = snapshot.Current;
        var info = engine.Model.Grants.FirstOrDefault(g => g.Id == id);
        var reaches = info is null ? [] : Reach(engine, info.SubjectKind, info.SubjectId);
        var permissions = engine.Index.Role(grant.Role)?.Permissions.Order(StringComparer.Ordinal).ToList() ?? [];
        return new GrantDetailsDto(grant, permissions, reaches);
    }

    /// <summary>
    /// The impact of creating a grant, computed by the engine: every user and service account the subject covers, with
    /// their effective permissions before and after the grant is added to the current model. Changes nothing. Refused as
    /// the creation would be (a delegated admin sees the refusal before saving).
    /// </summary>
    public async Task<GrantPreviewDto> PreviewAsync(GrantRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (s, r, re) = await GrantReferences.ResolveAsync(db, request.Subject, request.Role, request.Resource, ct);
        var engine = snapshot.Current;
        await GrantDelegation.EnsureCanCreateAsync(db, actor, engine, r, re, ct);
        var existing = await FindTripleAsync(db, s, r, re, ct);
        var reaches = Reach(engine, s.Kind, s.Id);
        IReadOnlyList<ImpactEntry> gained = [];
        if (existing is null && reaches.Count > 0)
        {
            var grant = new GrantInfo(Guid.NewGuid(), s.Kind, s.Id, r.Id, re.Kind, re.CollectionId, re.NamespaceId);
            var after = AccessEngine.Build(engine.Model with { Grants = engine.Model.Grants.Add(grant) }, engine.Catalog);
            var subjects = reaches.Select(x => SubjectRef.Parse(x.Subject)).Select(x => ((SubjectRef?)x, (SubjectRef?)x));
            gained = ModelImpactCalculator.Compute(engine, after, subjects).Gained;
        }
        return new GrantPreviewDto(s.Reference, r.Id, r.Name, re.Reference, existing?.Id, reaches, gained);
    }

    /// <summary>
    /// Deletes the given grants in one transaction. Ids that no longer exist (another admin deleted them) are counted, not
    /// refused; a grant beyond a delegated admin's reach refuses the whole request, and nothing is deleted.
    /// </summary>
    public async Task<GrantDeleteManyResult> DeleteManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        new Validator().Check("ids", ids.Count is 0 or > PageRequest.MaxLimit ? $"Give between 1 and {PageRequest.MaxLimit} grant ids." : null).ThrowIfInvalid();
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Actor = actor.Name;
        db.Action = "grant.delete";
        var wanted = ids.Distinct().ToList();
        var grants = await db.Grants.Where(g => wanted.Contains(g.Id)).ToListAsync(ct);
        if (!actor.IsAdministrator)
            foreach (var dto in await GrantDtos.FromAsync(db, grants, ct))
            {
                var g = grants.First(x => x.Id == dto.Id);
                GrantDelegation.EnsureCanDelete(actor, snapshot.Current, new ResolvedResource(g.ResourceKind, g.CollectionId, g.NamespaceId, dto.Resource));
            }
        db.Grants.RemoveRange(grants);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else deleted some of these grants at the same moment. Nothing was deleted; reload the list and try again.");
        }
        return new GrantDeleteManyResult(grants.Count, wanted.Count - grants.Count);
    }

    /// <summary>May the caller create or delete grants anywhere? Administrators, and people holding grant.manage somewhere
    /// (the service checks each change against their reach). For the console, which hides the actions from everyone else.</summary>
    public bool CanManageGrants()
    {
        if (actor.IsAdministrator) return true;
        if (!actor.IsInRole(AppRoles.Viewer) || actor.UserName is not { } userName) return false;
        var engine = snapshot.Current;
        return engine.Index.FindUser(userName) is { Active: true } user
               && engine.Effective(SubjectRef.User(user.UserName)).Entries.Any(e => e.Permissions.Contains(Delegation.GrantManage));
    }

    /// <summary>May the caller change the grants on this resource set (delete them, create more)? Administrators anywhere;
    /// a delegated admin where their grant.manage reaches (the service checks again on every change). For the console,
    /// which offers a grant's actions only where they would succeed.</summary>
    public bool CanManageGrantsOn(string resourceReference)
    {
        if (actor.IsAdministrator) return true;
        if (!actor.IsInRole(AppRoles.Viewer) || actor.UserName is not { } userName || !ResourceRef.TryParse(resourceReference, out var resource)) return false;
        return Delegation.CanDeleteGrant(snapshot.Current, userName, resource).Allowed;
    }

    /// <summary>The users (or the service account) a grant to this subject reaches, sorted by name.</summary>
    internal static List<GrantReachEntry> Reach(AccessEngine engine, SubjectKind kind, Guid subjectId)
    {
        var index = engine.Index;
        GrantReachEntry Person(Guid userId, string via) =>
            index.User(userId) is { } u ? new(SubjectRef.User(u.UserName).ToString(), via, u.Active, u.IsAdmin) : new("user:(deleted)", via, false, false);
        var list = kind switch
        {
            SubjectKind.User => [Person(subjectId, "direct")],
            SubjectKind.Team when index.Team(subjectId) is { } t =>
                engine.Model.TeamMembers.Where(m => m.TeamId == subjectId)
                    .Select(m => Person(m.UserId, SubjectRef.Team(index.Org(t.OrgId)!.Name, t.Name).ToString())).ToList(),
            SubjectKind.Org when index.Org(subjectId) is { } o =>
                engine.Model.OrgMembers.Where(m => m.OrgId == subjectId).Select(m => Person(m.UserId, SubjectRef.Org(o.Name).ToString())).ToList(),
            SubjectKind.ServiceAccount when index.ServiceAccount(subjectId) is { } a =>
                [new GrantReachEntry(SubjectRef.ServiceAccount(a.Namespace, a.Name).ToString(), "direct", true, false)],
            _ => new List<GrantReachEntry>(),
        };
        return list.OrderBy(x => x.Subject, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
