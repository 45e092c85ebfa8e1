using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Collections;
using AccessControl.Web.Features.Common;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Grants;

public sealed record ResolvedSubject(SubjectKind Kind, Guid Id, string Reference)
{
    public string Key => Grant.MakeSubjectKey(Kind, Id);
}

public sealed record ResolvedResource(ResourceKind Kind, string? CollectionId, Guid? NamespaceId, string Reference)
{
    public string Key => Grant.MakeResourceKey(Kind, CollectionId, NamespaceId);
}

public sealed record ResolvedRole(string Id, string Name);

/// <summary>
/// Resolves references against the database (not the snapshot), so a write checks what exists now. User names and
/// collection paths are compared without case; org, team, namespace and service-account names can only be lower case,
/// so they are looked up lower-cased. The resolved reference carries the stored spelling.
/// </summary>
public static class GrantReferences
{
    public static async Task<ResolvedSubject?> FindSubjectAsync(AccessControlDbContext db, SubjectRef s, CancellationToken ct)
    {
        switch (s.Kind)
        {
            case SubjectKind.User:
                var normalized = Names.Normalize(s.Name);
                var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
                    .Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(ct);
                return user is null ? null : new(SubjectKind.User, user.Id, SubjectRef.User(user.UserName).ToString());
            case SubjectKind.Org:
                var orgName = s.Name.ToLowerInvariant();
                var org = await db.Organizations.AsNoTracking().Where(o => o.Name == orgName).Select(o => new { o.Id, o.Name }).FirstOrDefaultAsync(ct);
                return org is null ? null : new(SubjectKind.Org, org.Id, SubjectRef.Org(org.Name).ToString());
            case SubjectKind.Team:
                var (o2, t2) = s.Split();
                var (orgPart, teamPart) = (o2.ToLowerInvariant(), t2.ToLowerInvariant());
                var team = await db.Teams.AsNoTracking().Where(t => t.Name == teamPart && t.Org!.Name == orgPart)
                    .Select(t => new { t.Id, Org = t.Org!.Name, t.Name }).FirstOrDefaultAsync(ct);
                return team is null ? null : new(SubjectKind.Team, team.Id, SubjectRef.Team(team.Org, team.Name).ToString());
            default:
                var (n3, a3) = s.Split();
                var (ns, name) = (n3.ToLowerInvariant(), a3.ToLowerInvariant());
                var sa = await db.ServiceAccounts.AsNoTracking().Where(a => a.Namespace == ns && a.Name == name)
                    .Select(a => new { a.Id, a.Namespace, a.Name }).FirstOrDefaultAsync(ct);
                return sa is null ? null : new(SubjectKind.ServiceAccount, sa.Id, SubjectRef.ServiceAccount(sa.Namespace, sa.Name).ToString());
        }
    }

    /// <summary>A role by id, else by name without case.</summary>
    public static async Task<ResolvedRole?> FindRoleAsync(AccessControlDbContext db, string idOrName, CancellationToken ct)
    {
        var normalized = Names.Normalize(idOrName);
        var roles = await db.Roles.AsNoTracking().Where(r => r.Id == idOrName || r.NormalizedName == normalized)
            .Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var role = roles.FirstOrDefault(r => r.Id == idOrName) ?? roles.FirstOrDefault();
        return role is null ? null : new(role.Id, role.Name);
    }

    public static async Task<ResolvedResource?> FindResourceAsync(AccessControlDbContext db, ResourceRef r, CancellationToken ct)
    {
        switch (r.Kind)
        {
            case ResourceKind.Collection:
                var c = await CollectionTree.FindByPathAsync(db.Collections.AsNoTracking(), r.Name, ct);
                return c is null ? null : new(ResourceKind.Collection, c.Id, null, ResourceRef.Collection(await CollectionTree.PathAsync(db, c.Id, ct)).ToString());
            case ResourceKind.Namespace:
                var name = r.Name.ToLowerInvariant();
                var ns = await db.Namespaces.AsNoTracking().Where(n => n.Name == name).Select(n => new { n.Id, n.Name }).FirstOrDefaultAsync(ct);
                return ns is null ? null : new(ResourceKind.Namespace, null, ns.Id, ResourceRef.Namespace(ns.Name).ToString());
            default:
                return new(ResourceKind.AllNamespaces, null, null, ResourceRef.AllNamespaces.ToString());
        }
    }

    /// <summary>Parses and resolves a grant triple; every malformed or unknown part is a field error of one 400.</summary>
    public static async Task<(ResolvedSubject Subject, ResolvedRole Role, ResolvedResource Resource)> ResolveAsync(
        AccessControlDbContext db, string? subject, string? role, string? resource, CancellationToken ct)
    {
        var v = new Validator().Require("subject", subject).Require("role", role).Require("resource", resource);
        ResolvedSubject? s = null;
        ResolvedRole? ro = null;
        ResolvedResource? re = null;
        if (!string.IsNullOrWhiteSpace(subject))
        {
            if (!SubjectRef.TryParse(subject, out var sr)) v.Add("subject", SubjectFormat(subject));
            else if ((s = await FindSubjectAsync(db, sr, ct)) is null) v.Add("subject", $"Unknown subject '{subject}': there is no such {KindName(sr.Kind)}.");
        }
        if (!string.IsNullOrWhiteSpace(role) && (ro = await FindRoleAsync(db, role, ct)) is null)
            v.Add("role", $"Unknown role '{role}': no role has that id or name.");
        if (!string.IsNullOrWhiteSpace(resource))
        {
            if (!ResourceRef.TryParse(resource, out var rr)) v.Add("resource", ResourceFormat(resource));
            else if ((re = await FindResourceAsync(db, rr, ct)) is null)
                v.Add("resource", $"Unknown resource '{resource}': there is no such {(rr.Kind == ResourceKind.Collection ? "collection" : "namespace")}.");
        }
        v.ThrowIfInvalid();
        return (s!, ro!, re!);
    }

    public static string SubjectFormat(string text) =>
        $"'{text}' is not a subject reference; expected user:<userName>, team:<org>/<team>, org:<org> or serviceaccount:<namespace>/<name>.";

    public static string ResourceFormat(string text) =>
        $"'{text}' is not a resource reference; expected collection:<path>, namespace:<name> or namespace:*.";

    private static string KindName(SubjectKind kind) => kind switch
    {
        SubjectKind.User => "user",
        SubjectKind.Team => "team",
        SubjectKind.Org => "organization",
        _ => "service account",
    };
}
