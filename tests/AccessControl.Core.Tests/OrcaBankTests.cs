using AccessControl.Core.Engine;
using AccessControl.Core.Model;

namespace AccessControl.Core.Tests;

/// <summary>The worked example of the UCP documentation ("OrcaBank"): teams with View Only, Full Control and a custom role.</summary>
public class OrcaBankTests
{
    internal static readonly string[] DevPermissions =
    [
        "container.attach", "container.create", "container.exec", "container.kill", "container.logs", "container.remove",
        "container.restart", "container.start", "container.stop", "container.view",
        "service.create", "service.delete", "service.logs", "service.update", "service.view", "service.view-tasks",
        "image.view",
    ];

    internal static TestModel Orca() => new TestModel()
        .Team("orcabank/security").Team("orcabank/ops").Team("orcabank/mobile").Team("orcabank/payments")
        .User("sam").Member("sam", "orcabank/security")
        .User("olivia").Member("olivia", "orcabank/ops")
        .User("mia").Member("mia", "orcabank/mobile")
        .User("pat").Member("pat", "orcabank/payments")
        .User("ian", active: false).Member("ian", "orcabank/ops")
        .User("ada", admin: true)
        .Collection("/prod/mobile").Collection("/prod/payments")
        .Role("dev", DevPermissions)
        .Grant("security-prod", "team:orcabank/security", "viewonly", "collection:/prod")
        .Grant("ops-prod", "team:orcabank/ops", "fullcontrol", "collection:/prod")
        .Grant("mobile-dev", "team:orcabank/mobile", "dev", "collection:/prod/mobile");

    private static readonly CheckCase[] Cases =
    [
        CheckCase.Allow("security views containers in /prod/mobile", "user:sam", "container.view", "collection:/prod/mobile", "security-prod"),
        CheckCase.Allow("security views services in /prod", "user:sam", "service.view", "collection:/prod", "security-prod"),
        CheckCase.Deny("security cannot create in /prod/mobile", "user:sam", "container.create", "collection:/prod/mobile", DenialReason.NoGrant, "security-prod"),
        CheckCase.Deny("security cannot exec in /prod", "user:sam", "container.exec", "collection:/prod", DenialReason.NoGrant, "security-prod"),
        CheckCase.Deny("security cannot see secrets' values", "user:sam", "secret.use", "collection:/prod/payments", DenialReason.NoGrant, "security-prod"),
        CheckCase.Allow("ops creates privileged containers in /prod/payments", "user:olivia", "container.create:privileged", "collection:/prod/payments", "ops-prod"),
        CheckCase.Allow("ops execs in /prod", "user:olivia", "container.exec", "collection:/prod", "ops-prod"),
        CheckCase.Allow("ops manages grants under /prod", "user:olivia", "grant.manage", "collection:/prod/mobile", "ops-prod"),
        CheckCase.Allow("ops removes images by force in /prod/mobile", "user:olivia", "image.remove:force", "collection:/prod/mobile", "ops-prod"),
        CheckCase.Deny("ops has nothing outside /prod", "user:olivia", "container.view", "collection:/Shared", DenialReason.NoGrant),
        CheckCase.Allow("mobile creates containers in /prod/mobile", "user:mia", "container.create", "collection:/prod/mobile", "mobile-dev"),
        CheckCase.Allow("mobile updates services in /prod/mobile", "user:mia", "service.update", "collection:/prod/mobile", "mobile-dev"),
        CheckCase.Allow("mobile views images in /prod/mobile", "user:mia", "image.view", "collection:/prod/mobile", "mobile-dev"),
        CheckCase.Deny("mobile cannot push images", "user:mia", "image.push", "collection:/prod/mobile", DenialReason.NoGrant, "mobile-dev"),
        CheckCase.Deny("mobile cannot create privileged containers", "user:mia", "container.create:privileged", "collection:/prod/mobile", DenialReason.NoGrant, "mobile-dev"),
        CheckCase.Deny("mobile cannot create in /prod", "user:mia", "container.create", "collection:/prod", DenialReason.NoGrant),
        CheckCase.Deny("mobile cannot create in /prod/payments", "user:mia", "container.create", "collection:/prod/payments", DenialReason.NoGrant),
        CheckCase.Deny("payments team has no grant", "user:pat", "container.view", "collection:/prod/payments", DenialReason.NoGrant),
        CheckCase.Admin("the admin can do anything", "user:ada", "container.create:privileged", "collection:/prod/payments"),
        CheckCase.Deny("an inactive ops member can do nothing", "user:ian", "container.view", "collection:/prod", DenialReason.Inactive),
        CheckCase.Deny("a Kubernetes permission does not apply to /prod", "user:olivia", "kubernetes.pods.get", "collection:/prod", DenialReason.NotApplicable),
    ];

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void OrcaBank(string name)
    {
        var model = Orca();
        Cases.Single(c => c.Name == name).AssertAgainst(model, model.Engine());
    }

    [Fact]
    public void Inherited_grant_names_the_ancestor_collection()
    {
        var d = Orca().Engine().Check(SubjectRef.User("sam"), "container.view", ResourceRef.Collection("/prod/mobile"));
        var b = Assert.Single(d.Because);
        Assert.Equal(("team:orcabank/security", "viewonly", "collection:/prod", "team:orcabank/security", "collection:/prod"),
            (b.Subject, b.Role, b.Resource, b.Via, b.InheritedFrom));
    }

    [Fact]
    public void Deny_reason_names_the_missing_permission_and_the_nearest_grant()
    {
        var d = Orca().Engine().Check(SubjectRef.User("sam"), "container.create", ResourceRef.Collection("/prod/mobile"));
        Assert.Equal(
            "No grant to user:sam, its teams or orgs on collection:/prod/mobile or its ancestors includes container.create; " +
            "nearest: viewonly on collection:/prod (granted to team:orcabank/security), none of which includes container.create.",
            d.Reason);
    }

    [Fact]
    public void Who_can_create_in_prod_mobile_is_ops_mobile_and_the_admin()
    {
        var model = Orca();
        var w = model.Engine().WhoCan("container.create", ResourceRef.Collection("/prod/mobile"));
        Assert.Equal(["ada", "mia", "olivia"], w.Users.Select(u => u.UserName));
        Assert.Equal([true, false, false], w.Users.Select(u => u.IsAdmin));
        Assert.Equal(["mobile-dev"], w.Users[1].Because.Select(b => model.Label(b.Grant)));
        Assert.Equal(["ops-prod"], w.Users[2].Because.Select(b => model.Label(b.Grant)));
        Assert.Empty(w.Users[0].Because);
        Assert.Null(w.NotApplicable);
    }
}
