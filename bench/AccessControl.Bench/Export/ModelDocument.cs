using System.Text.Json;
using AccessControl.Bench.Generation;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Export;

/// <summary>
/// Writes a generated model as api.md's model document (what <c>PUT /api/v1/model</c> takes), streamed.
/// Built-in roles and collections are left out, as api.md allows; custom roles are named by name.
/// </summary>
public static class ModelDocument
{
    public static void Write(GeneratedModel generated, Stream to)
    {
        var m = generated.Model;
        var index = new ModelIndex(m);
        using var w = new Utf8JsonWriter(to, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();

        w.WriteStartArray("users");
        for (var i = 0; i < m.Users.Length; i++)
        {
            var u = m.Users[i];
            w.WriteStartObject();
            w.WriteString("userName", u.UserName);
            w.WriteString("displayName", generated.Profiles[i].DisplayName);
            w.WriteString("email", generated.Profiles[i].Email);
            w.WriteBoolean("active", u.Active);
            w.WriteBoolean("isAdmin", u.IsAdmin);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        var userNames = m.Users.ToDictionary(u => u.Id, u => u.UserName);
        var orgMembers = m.OrgMembers.ToLookup(x => x.OrgId);
        var teamsOfOrg = m.Teams.ToLookup(t => t.OrgId);
        var teamMembers = m.TeamMembers.ToLookup(x => x.TeamId);
        w.WriteStartArray("orgs");
        foreach (var o in m.Orgs)
        {
            w.WriteStartObject();
            w.WriteString("name", o.Name);
            w.WriteStartArray("members");
            foreach (var om in orgMembers[o.Id])
            {
                w.WriteStartObject();
                w.WriteString("userName", userNames[om.UserId]);
                w.WriteBoolean("isAdmin", om.IsAdmin);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("teams");
            foreach (var t in teamsOfOrg[o.Id])
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteStartArray("members");
                foreach (var tm in teamMembers[t.Id]) w.WriteStringValue(userNames[tm.UserId]);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("serviceAccounts");
        foreach (var a in m.ServiceAccounts)
        {
            w.WriteStartObject();
            w.WriteString("namespace", a.Namespace);
            w.WriteString("name", a.Name);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("roles");
        foreach (var r in m.Roles.Where(r => !BuiltInRoles.IsBuiltIn(r.Id)))
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteStartArray("permissions");
            foreach (var p in r.Permissions) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("collections");
        foreach (var c in m.Collections.Where(c => !BuiltInCollections.IsBuiltIn(c.Id))) w.WriteStringValue(index.PathOf(c.Id));
        w.WriteEndArray();

        w.WriteStartArray("namespaces");
        foreach (var n in m.Namespaces) w.WriteStringValue(n.Name);
        w.WriteEndArray();

        w.WriteStartArray("grants");
        foreach (var g in m.Grants)
        {
            w.WriteStartObject();
            w.WriteString("subject", index.SubjectRefOf(g.SubjectKind, g.SubjectId));
            w.WriteString("role", BuiltInRoles.IsBuiltIn(g.RoleId) ? g.RoleId : index.Role(g.RoleId)!.Name);
            w.WriteString("resource", index.ResourceRefOf(g));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteEndObject();
    }
}
