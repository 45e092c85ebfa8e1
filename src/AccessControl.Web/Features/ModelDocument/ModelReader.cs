using AccessControl.Core.Catalog;
using AccessControl.Data.Entities;

namespace AccessControl.Web.Features.ModelDocument;

/// <summary>Writes the current state as the model document, every list in a fixed (ordinal) order.</summary>
internal static class ModelReader
{
    private static readonly StringComparer Ord = StringComparer.Ordinal;

    public static ModelDocumentDto Read(ModelState s)
    {
        var users = s.Users.ToDictionary(u => u.Id);
        string Norm(Guid userId) => users.TryGetValue(userId, out var u) ? u.NormalizedUserName : "";
        string Name(Guid userId) => users.TryGetValue(userId, out var u) ? u.UserName : "";

        var orgs = s.Orgs.OrderBy(o => o.Name, Ord).Select(o => new ModelOrg(
            o.Name,
            s.OrgMembers.Where(m => m.OrgId == o.Id && users.ContainsKey(m.UserId)).OrderBy(m => Norm(m.UserId), Ord)
                .Select(m => new ModelOrgMember(Name(m.UserId), m.IsAdmin)).ToList(),
            s.Teams.Where(t => t.OrgId == o.Id).OrderBy(t => t.Name, Ord).Select(t =>
            {
                var members = s.TeamMembers.Where(m => m.TeamId == t.Id && users.ContainsKey(m.UserId)).OrderBy(m => Norm(m.UserId), Ord).ToList();
                var admins = members.Where(m => m.IsAdmin).Select(m => (string?)Name(m.UserId)).ToList();
                return new ModelTeam(t.Name, members.Select(m => (string?)Name(m.UserId)).ToList(), admins.Count == 0 ? null : admins);
            }).ToList())).ToList();

        var grantNamer = s.GrantNamer();
        var grants = s.Grants.Select(grantNamer).OfType<ModelGrant>()
            .OrderBy(g => g.Subject, Ord).ThenBy(g => g.Role, Ord).ThenBy(g => g.Resource, Ord).ToList();

        var paths = s.CollectionPaths();
        return new ModelDocumentDto(
            s.Users.OrderBy(u => u.NormalizedUserName, Ord).ThenBy(u => u.UserName, Ord)
                .Select(u => new ModelUser(u.UserName, u.DisplayName, u.Email, u.Active, u.IsAdmin, u.ExternalId)).ToList(),
            orgs,
            s.ServiceAccounts.OrderBy(a => a.Namespace, Ord).ThenBy(a => a.Name, Ord).Select(a => new ModelServiceAccount(a.Namespace, a.Name)).ToList(),
            s.Roles.Where(r => !r.BuiltIn && !BuiltInRoles.IsBuiltIn(r.Id)).OrderBy(r => r.NormalizedName, Ord)
                .Select(r => new ModelRole(r.Name, r.Description, r.Permissions.Order(Ord).Select(p => (string?)p).ToList())).ToList(),
            s.Collections.Where(c => !c.BuiltIn && !Core.Model.BuiltInCollections.IsBuiltIn(c.Id)).Select(c => (string?)paths[c.Id]).Order(Ord).ToList(),
            s.Namespaces.Select(n => (string?)n.Name).Order(Ord).ToList(),
            grants,
            ReadSettings(s));
    }

    private static ModelSettings ReadSettings(ModelState s)
    {
        var values = s.Settings.ToDictionary(x => x.Key, x => x.Value);
        var role = values.GetValueOrDefault(SettingKeys.DefaultNewUserRole, SettingKeys.DefaultNewUserRoleValue);
        // The setting holds a role id; the document names custom roles by name so that it reads the same on every database.
        if (s.Roles.FirstOrDefault(r => r.Id == role) is { } r) role = ModelState.RoleRef(r);
        return new ModelSettings(role, values.GetValueOrDefault(SettingKeys.DefaultOrganization, SettingKeys.DefaultOrganizationValue));
    }
}
