using System.Collections.Immutable;
using AccessControl.Core.Catalog;
using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>
/// Builds small hand-written models by name: <c>new TestModel().User("alice").Member("alice", "eng/backend")</c>.
/// Grants get ids in creation order and a label the tests refer to.
/// </summary>
internal sealed class TestModel
{
    private readonly List<UserInfo> users = [];
    private readonly List<OrgInfo> orgs = [];
    private readonly List<TeamInfo> teams = [];
    private readonly List<OrgMemberInfo> orgMembers = [];
    private readonly List<TeamMemberInfo> teamMembers = [];
    private readonly List<ServiceAccountInfo> serviceAccounts = [];
    private readonly List<RoleInfo> roles = [.. BuiltInRoles.All.Select(r => new RoleInfo(r.Id, r.Name, r.Permissions))];
    private readonly List<CollectionInfo> collections = [.. BuiltInCollections.All];
    private readonly List<NamespaceInfo> namespaces = [];
    private readonly List<GrantInfo> grants = [];
    private readonly Dictionary<string, Guid> grantLabels = [];
    private int nextId;

    private Guid NewId() => new(++nextId, 0, 0, new byte[8]);

    public TestModel User(string userName, bool active = true, bool admin = false)
    {
        users.Add(new UserInfo(NewId(), userName, active, admin));
        return this;
    }

    public TestModel Org(string name)
    {
        orgs.Add(new OrgInfo(NewId(), name));
        return this;
    }

    /// <summary>"org/team"; creates the org when missing.</summary>
    public TestModel Team(string orgSlashTeam)
    {
        var (org, team) = Split(orgSlashTeam);
        if (orgs.All(o => o.Name != org)) Org(org);
        teams.Add(new TeamInfo(NewId(), OrgId(org), team));
        return this;
    }

    /// <summary>Joins a user to "org" or to "org/team" (and so to its org, as the product does).</summary>
    public TestModel Member(string userName, string orgOrTeam)
    {
        var user = users.Single(u => u.UserName == userName).Id;
        if (orgOrTeam.Contains('/'))
        {
            var (org, team) = Split(orgOrTeam);
            teamMembers.Add(new TeamMemberInfo(TeamId(org, team), user, false));
            orgOrTeam = org;
        }
        var orgId = OrgId(orgOrTeam);
        if (!orgMembers.Any(m => m.OrgId == orgId && m.UserId == user)) orgMembers.Add(new OrgMemberInfo(orgId, user, false));
        return this;
    }

    public TestModel ServiceAccount(string nsSlashName)
    {
        var (ns, name) = Split(nsSlashName);
        serviceAccounts.Add(new ServiceAccountInfo(NewId(), ns, name));
        return this;
    }

    /// <summary>A collection by path; creates the missing ancestors. Its id is the path.</summary>
    public TestModel Collection(string path)
    {
        var parent = BuiltInCollections.Root;
        var sofar = "";
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            sofar += "/" + name;
            var existing = collections.FirstOrDefault(c => c.ParentId == parent && c.Name == name);
            if (existing is null) collections.Add(existing = new CollectionInfo(sofar, parent, name));
            parent = existing.Id;
        }
        return this;
    }

    public TestModel Namespace(string name)
    {
        namespaces.Add(new NamespaceInfo(NewId(), name));
        return this;
    }

    public TestModel Role(string id, params string[] permissions)
    {
        roles.Add(new RoleInfo(id, id, [.. permissions]));
        return this;
    }

    /// <summary>A grant of <paramref name="role"/> to a subject ref on a resource ref, labelled for assertions.</summary>
    public TestModel Grant(string label, string subject, string role, string resource)
    {
        var s = SubjectRef.Parse(subject);
        var r = ResourceRef.Parse(resource);
        var subjectId = s.Kind switch
        {
            SubjectKind.User => users.Single(u => u.UserName == s.Name).Id,
            SubjectKind.Org => OrgId(s.Name),
            SubjectKind.Team => TeamId(s.Split().Left, s.Split().Right),
            _ => serviceAccounts.Single(a => $"{a.Namespace}/{a.Name}" == s.Name).Id,
        };
        var collection = r.Kind == ResourceKind.Collection ? CollectionId(r.Name) : null;
        Guid? ns = r.Kind == ResourceKind.Namespace ? namespaces.Single(n => n.Name == r.Name).Id : null;
        var id = NewId();
        grants.Add(new GrantInfo(id, s.Kind, subjectId, role, r.Kind, collection, ns));
        grantLabels.Add(label, id);
        return this;
    }

    public Guid Id(string label) => grantLabels[label];
    public string Label(Guid id) => grantLabels.Single(kv => kv.Value == id).Key;

    public AccessModel Model() => new([.. users], [.. orgs], [.. teams], [.. orgMembers], [.. teamMembers],
        [.. serviceAccounts], [.. roles], [.. collections], [.. namespaces], [.. grants]);

    public AccessEngine Engine() => AccessEngine.Build(Model());

    private string CollectionId(string path) =>
        path == "/" ? BuiltInCollections.Root
        : new ModelIndex(Model()).FindCollection(path)?.Id ?? throw new ArgumentException($"no collection {path}");
    private Guid OrgId(string name) => orgs.Single(o => o.Name == name).Id;
    private Guid TeamId(string org, string team) => teams.Single(t => t.OrgId == OrgId(org) && t.Name == team).Id;
    private static (string, string) Split(string s) => (s[..s.IndexOf('/')], s[(s.IndexOf('/') + 1)..]);
}
