using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Common;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>
/// Checks a whole model document and turns it into a <see cref="ModelTarget"/>, or throws one 400 with every field error
/// (<c>users[3].userName</c>, <c>grants[0].role</c>, ...). Nothing is read from or written to the database here, except the
/// ids of existing custom roles, which a grant may use instead of the role's name.
/// <para>A team member who is not listed among the org's members becomes an org member (not an admin) implicitly: per
/// domain.md a team member is always a member of the team's org.</para>
/// </summary>
internal sealed partial class ModelValidation(PermissionCatalog catalog, IReadOnlyDictionary<string, string> customRoleNamesById)
{
    private readonly Validator v = new();
    private readonly ModelTarget t = new();

    public static ModelTarget Validate(ModelDocumentDto? doc, PermissionCatalog catalog, IReadOnlyDictionary<string, string> customRoleNamesById)
    {
        if (doc is null) throw new ValidationException("body", "The body must be a model document, as GET /model returns it.");
        var m = new ModelValidation(catalog, customRoleNamesById);
        m.Users(doc.Users ?? []);
        m.Orgs(doc.Orgs ?? []);
        m.ServiceAccounts(doc.ServiceAccounts ?? []);
        m.Roles(doc.Roles ?? []);
        m.Collections(doc.Collections ?? []);
        m.Namespaces(doc.Namespaces ?? []);
        m.Grants(doc.Grants ?? []);
        m.Settings(doc.Settings);
        m.v.ThrowIfInvalid();
        return m.t;
    }

    private void Users(IReadOnlyList<ModelUser?> users)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            var f = $"users[{i}]";
            if (users[i] is not { } u) { v.Add(f, "A user must be an object {userName, ...}."); continue; }
            if (Names.ValidateUserName(u.UserName) is { } error) { v.Add(f + ".userName", error); continue; }
            v.Check(f + ".email", ValidateEmail(u.Email));
            v.Check(f + ".displayName", u.DisplayName is { Length: > 256 } ? "The displayName must be at most 256 characters." : null);
            v.Check(f + ".externalId", u.ExternalId is { Length: > 256 } ? "The externalId must be at most 256 characters." : null);
            var norm = Names.Normalize(u.UserName!);
            if (first.TryGetValue(norm, out var j))
            {
                v.Add(f + ".userName", $"'{u.UserName}' duplicates users[{j}].userName ('{users[j]!.UserName}'): user names are compared without case.");
                continue;
            }
            first[norm] = i;
            t.Users[norm] = new TargetUser(u.UserName!, Empty(u.DisplayName), Empty(u.Email), u.Active ?? true, u.IsAdmin ?? false, Empty(u.ExternalId));
        }
    }

    private void Orgs(IReadOnlyList<ModelOrg?> orgs)
    {
        for (var i = 0; i < orgs.Count; i++)
        {
            var f = $"orgs[{i}]";
            if (orgs[i] is not { } o) { v.Add(f, "An org must be an object {name, members, teams}."); continue; }
            if (Names.ValidateOrgOrTeam(o.Name, "org name") is { } error) { v.Add(f + ".name", error); continue; }
            if (t.Orgs.ContainsKey(o.Name!)) { v.Add(f + ".name", $"The org '{o.Name}' is listed twice."); continue; }
            var org = t.Orgs[o.Name!] = new TargetOrg(o.Name!);
            var members = o.Members ?? [];
            for (var j = 0; j < members.Count; j++)
            {
                var mf = $"{f}.members[{j}]";
                if (members[j] is not { } m) { v.Add(mf, "A member must be an object {userName, isAdmin}."); continue; }
                if (ResolveUser(m.UserName, mf + ".userName") is not { } user) continue;
                if (!org.Members.TryAdd(user, m.IsAdmin ?? false)) v.Add(mf + ".userName", $"'{m.UserName}' is listed twice in this org.");
            }
            var teams = o.Teams ?? [];
            for (var k = 0; k < teams.Count; k++) Team(org, teams[k], $"{f}.teams[{k}]");
        }
    }

    private void Team(TargetOrg org, ModelTeam? team, string f)
    {
        if (team is null) { v.Add(f, "A team must be an object {name, members}."); return; }
        if (Names.ValidateOrgOrTeam(team.Name, "team name") is { } error) { v.Add(f + ".name", error); return; }
        if (org.Teams.ContainsKey(team.Name!)) { v.Add(f + ".name", $"The team '{team.Name}' is listed twice in org '{org.Name}'."); return; }
        var members = org.Teams[team.Name!] = new Dictionary<string, bool>(StringComparer.Ordinal);
        var list = team.Members ?? [];
        for (var j = 0; j < list.Count; j++)
        {
            if (ResolveUser(list[j], $"{f}.members[{j}]") is not { } user) continue;
            if (!members.TryAdd(user, false)) { v.Add($"{f}.members[{j}]", $"'{list[j]}' is listed twice in this team."); continue; }
            org.Members.TryAdd(user, false); // a team member is always an org member
        }
        var admins = team.Admins ?? [];
        for (var j = 0; j < admins.Count; j++)
        {
            if (ResolveUser(admins[j], $"{f}.admins[{j}]") is not { } user) continue;
            if (members.ContainsKey(user)) members[user] = true;
            else v.Add($"{f}.admins[{j}]", $"'{admins[j]}' is a team admin, so it must also be listed in the team's members.");
        }
    }

    private void ServiceAccounts(IReadOnlyList<ModelServiceAccount?> accounts)
    {
        for (var i = 0; i < accounts.Count; i++)
        {
            var f = $"serviceAccounts[{i}]";
            if (accounts[i] is not { } a) { v.Add(f, "A service account must be an object {namespace, name}."); continue; }
            var nsError = Names.ValidateNamespace(a.Namespace);
            var nameError = Names.ValidateServiceAccountName(a.Name);
            v.Check(f + ".namespace", nsError).Check(f + ".name", nameError);
            if (nsError is null && nameError is null && !t.ServiceAccounts.Add((a.Namespace!, a.Name!)))
                v.Add(f, $"The service account '{a.Namespace}/{a.Name}' is listed twice.");
        }
    }

    private void Namespaces(IReadOnlyList<string?> namespaces)
    {
        for (var i = 0; i < namespaces.Count; i++)
        {
            if (Names.ValidateNamespace(namespaces[i]) is { } error) v.Add($"namespaces[{i}]", error);
            else if (!t.Namespaces.Add(namespaces[i]!)) v.Add($"namespaces[{i}]", $"The namespace '{namespaces[i]}' is listed twice.");
        }
    }

    private string? ResolveUser(string? userName, string field)
    {
        if (string.IsNullOrEmpty(userName)) { v.Add(field, "A userName is required."); return null; }
        var norm = Names.Normalize(userName);
        if (t.Users.ContainsKey(norm)) return norm;
        v.Add(field, $"'{userName}' is not one of the document's users.");
        return null;
    }

    private static string? ValidateEmail(string? email) =>
        string.IsNullOrEmpty(email) || (email.Length <= 256 && email.Contains('@') && !email.Any(char.IsWhiteSpace)) ? null
            : "The email must be an e-mail address such as alice@example.com.";

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
