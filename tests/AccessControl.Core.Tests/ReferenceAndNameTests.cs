using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

public class ReferenceAndNameTests
{
    [Theory]
    [InlineData("user:alice", SubjectKind.User, "alice")]
    [InlineData("user:alice@contoso.com", SubjectKind.User, "alice@contoso.com")]
    [InlineData("user:John Smith", SubjectKind.User, "John Smith")]
    [InlineData("User:alice", SubjectKind.User, "alice")]
    [InlineData("team:engineering/backend", SubjectKind.Team, "engineering/backend")]
    [InlineData("org:engineering", SubjectKind.Org, "engineering")]
    [InlineData("serviceaccount:payments/ci-bot", SubjectKind.ServiceAccount, "payments/ci-bot")]
    public void Subject_references_parse(string text, SubjectKind kind, string name)
    {
        var r = SubjectRef.Parse(text);
        Assert.Equal((kind, name), (r.Kind, r.Name));
        Assert.Equal(SubjectRef.Prefix(kind) + ":" + name, r.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("alice")]
    [InlineData("user:")]
    [InlineData(":alice")]
    [InlineData("group:admins")]
    [InlineData("team:engineering")]
    [InlineData("team:/backend")]
    [InlineData("team:engineering/")]
    [InlineData("team:a/b/c")]
    [InlineData("serviceaccount:payments")]
    public void Malformed_subject_references_are_rejected(string text)
    {
        Assert.False(SubjectRef.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SubjectRef.Parse(text));
    }

    [Fact]
    public void Team_and_service_account_names_split_in_two()
    {
        Assert.Equal(("engineering", "backend"), SubjectRef.Team("engineering", "backend").Split());
        Assert.Equal(("payments", "ci-bot"), SubjectRef.Parse("serviceaccount:payments/ci-bot").Split());
    }

    [Theory]
    [InlineData("collection:/", ResourceKind.Collection, "/", "collection:/")]
    [InlineData("collection:/Shared/dev", ResourceKind.Collection, "/Shared/dev", "collection:/Shared/dev")]
    [InlineData("collection:/Shared/dev/", ResourceKind.Collection, "/Shared/dev", "collection:/Shared/dev")]
    [InlineData("Collection:/prod", ResourceKind.Collection, "/prod", "collection:/prod")]
    [InlineData("namespace:payments", ResourceKind.Namespace, "payments", "namespace:payments")]
    [InlineData("namespace:*", ResourceKind.AllNamespaces, "*", "namespace:*")]
    public void Resource_references_parse(string text, ResourceKind kind, string name, string canonical)
    {
        var r = ResourceRef.Parse(text);
        Assert.Equal((kind, name), (r.Kind, r.Name));
        Assert.Equal(canonical, r.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("collection:")]
    [InlineData("collection:prod")]
    [InlineData("collection://")]
    [InlineData("collection:/prod//api")]
    [InlineData("collection:/prod//")]
    [InlineData("namespace:")]
    [InlineData("ns:payments")]
    [InlineData("/prod")]
    public void Malformed_resource_references_are_rejected(string text)
    {
        Assert.False(ResourceRef.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ResourceRef.Parse(text));
    }

    [Theory]
    [InlineData("eng", true)]
    [InlineData("0x", true)]
    [InlineData("a_b.c-d", true)]
    [InlineData("Eng", false)]
    [InlineData("-eng", false)]
    [InlineData("_eng", false)]
    [InlineData("a b", false)]
    [InlineData("eng\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Org_and_team_names(string? name, bool valid) => Assert.Equal(valid, Names.ValidateOrgOrTeam(name) is null);

    [Fact]
    public void Org_and_team_names_are_at_most_100_characters()
    {
        Assert.Null(Names.ValidateOrgOrTeam(new string('a', 100)));
        Assert.NotNull(Names.ValidateOrgOrTeam(new string('a', 101)));
    }

    [Theory]
    [InlineData("alice", true)]
    [InlineData("alice@contoso.com", true)]
    [InlineData("John Smith", true)]
    [InlineData("Ünïcödé", true)]
    [InlineData("", false)]
    [InlineData(" alice", false)]
    [InlineData("alice\t", false)]
    [InlineData("a\nb", false)]
    [InlineData(null, false)]
    public void User_names(string? name, bool valid) => Assert.Equal(valid, Names.ValidateUserName(name) is null);

    [Fact]
    public void User_names_are_at_most_256_characters()
    {
        Assert.Null(Names.ValidateUserName(new string('a', 256)));
        Assert.NotNull(Names.ValidateUserName(new string('a', 257)));
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("Prod", true)]
    [InlineData("alice@contoso.com", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("prod\n", false)]
    [InlineData("", false)]
    public void Collection_names(string name, bool valid) => Assert.Equal(valid, Names.ValidateCollection(name) is null);

    [Theory]
    [InlineData("payments", true)]
    [InlineData("a", true)]
    [InlineData("a-b", true)]
    [InlineData("Payments", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a.b", false)]
    [InlineData("a\n", false)]
    public void Namespace_names(string name, bool valid) => Assert.Equal(valid, Names.ValidateNamespace(name) is null);

    [Fact]
    public void Namespace_names_are_at_most_63_characters()
    {
        Assert.Null(Names.ValidateNamespace(new string('a', 63)));
        Assert.NotNull(Names.ValidateNamespace(new string('a', 64)));
    }

    [Theory]
    [InlineData("ci-bot", true)]
    [InlineData("a.b", true)]
    [InlineData("a.b-c.d", true)]
    [InlineData("a..b", false)]
    [InlineData("a.-b", false)]
    [InlineData("a-.b", false)]
    [InlineData("CI", false)]
    [InlineData("-a", false)]
    [InlineData("a\n", false)]
    public void Service_account_names(string name, bool valid) => Assert.Equal(valid, Names.ValidateServiceAccountName(name) is null);

    [Fact]
    public void Service_account_names_are_at_most_253_characters()
    {
        var label = new string('a', 50);
        var ok = string.Join('.', Enumerable.Repeat(label, 5)) + ".abc"; // 5*51 - 1 + 4 = 258 > 253
        Assert.NotNull(Names.ValidateServiceAccountName(ok));
        Assert.Null(Names.ValidateServiceAccountName(string.Join('.', Enumerable.Repeat(label, 4)) + ".a")); // 206
    }

    [Theory]
    [InlineData("Dev", true)]
    [InlineData("Read only (ops)", true)]
    [InlineData(" Dev", false)]
    [InlineData("", false)]
    [InlineData("a\tb", false)]
    public void Role_names(string name, bool valid) => Assert.Equal(valid, Names.ValidateRoleName(name) is null);

    [Theory]
    [InlineData("alice@contoso.com", "alice@contoso.com")]
    [InlineData("John Smith", "John-Smith")]
    [InlineData("DOMAIN\\alice", "DOMAIN-alice")]
    [InlineData("José", "Jos-")]
    public void Private_collection_names(string userName, string expected) => Assert.Equal(expected, Names.PrivateCollectionName(userName));

    [Fact]
    public void Private_collection_names_are_always_valid_collection_names()
    {
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var userName = new string(Enumerable.Range(0, rng.Next(1, 300)).Select(_ => (char)rng.Next(1, 0x3000)).ToArray());
            Assert.Null(Names.ValidateCollection(Names.PrivateCollectionName(userName)));
        }
    }
}
