using AccessControl.Bench.Export;
using AccessControl.Bench.Generation;
using AccessControl.Core.Model;

namespace AccessControl.Bench.Tests;

public class GeneratorTests
{
    private static byte[] Document(GeneratedModel g)
    {
        using var stream = new MemoryStream();
        ModelDocument.Write(g, stream);
        return stream.ToArray();
    }

    private static string Ids(AccessModel m) => string.Join(",",
        m.Users.Select(u => u.Id.ToString()).Concat(m.Teams.Select(t => t.Id.ToString())).Concat(m.Collections.Select(c => c.Id))
            .Concat(m.Grants.Select(g => g.Id.ToString())).Concat(m.Roles.Select(r => r.Id)));

    [Fact]
    public void Same_seed_gives_the_same_model()
    {
        var a = ScaleGenerator.Generate(Preset.Small, seed: 42);
        var b = ScaleGenerator.Generate(Preset.Small, seed: 42);
        Assert.Equal(Document(a), Document(b));
        Assert.Equal(Ids(a.Model), Ids(b.Model));
        Assert.NotEqual(Document(a), Document(ScaleGenerator.Generate(Preset.Small, seed: 43)));
    }

    [Fact]
    public void Medium_has_the_sizes_of_issue_7_and_keeps_the_domain_rules()
    {
        var m = Models.Medium.Model;
        Assert.Equal(5_000, m.Users.Length);
        Assert.Equal(500, m.Teams.Length);
        Assert.Equal(2_000, m.Collections.Length);
        Assert.Equal(10_000, m.Grants.Length);
        Assert.Contains(m.Users, u => !u.Active);
        Assert.Contains(m.Users, u => u.IsAdmin);

        // A team member is a member of the team's org.
        var orgOfTeam = m.Teams.ToDictionary(t => t.Id, t => t.OrgId);
        var orgMembers = m.OrgMembers.Select(x => (x.OrgId, x.UserId)).ToHashSet();
        Assert.All(m.TeamMembers, tm => Assert.Contains((orgOfTeam[tm.TeamId], tm.UserId), orgMembers));
        // Grants are unique triples; names follow domain.md; the tree is at most 6 deep.
        Assert.Equal(m.Grants.Length, m.Grants.Select(g => (g.SubjectKind, g.SubjectId, g.RoleId, g.ResourceKind, g.CollectionId, g.NamespaceId)).Distinct().Count());
        Assert.All(m.Orgs, o => Assert.Null(Names.ValidateOrgOrTeam(o.Name)));
        Assert.All(m.Teams, t => Assert.Null(Names.ValidateOrgOrTeam(t.Name)));
        Assert.All(m.Users, u => Assert.Null(Names.ValidateUserName(u.UserName)));
        Assert.All(m.Collections.Where(c => c.ParentId is not null), c => Assert.Null(Names.ValidateCollection(c.Name)));
        Assert.All(m.Namespaces, n => Assert.Null(Names.ValidateNamespace(n.Name)));
        var index = new ModelIndex(m);
        Assert.All(m.Collections, c => Assert.True(index.SelfAndAncestors(c.Id).Count() <= 7, index.PathOf(c.Id)));
        Assert.Contains(m.Collections, c => index.SelfAndAncestors(c.Id).Count() == 7);
        Assert.Equal(m.Collections.Length, m.Collections.Select(c => index.PathOf(c.Id).ToUpperInvariant()).Distinct().Count());
    }
}
