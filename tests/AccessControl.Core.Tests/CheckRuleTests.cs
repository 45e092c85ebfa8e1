using AccessControl.Core.Engine;
using static AccessControl.Core.Engine.DenialReason;
using static AccessControl.Core.Tests.CheckCase;

namespace AccessControl.Core.Tests;

/// <summary>Every rule of domain.md's "Effective permissions", as should-allow / should-deny rows.</summary>
public class CheckRuleTests
{
    internal static TestModel Rules() => new TestModel()
        .Team("eng/backend").Team("eng/frontend").Org("ops")
        .User("alice").Member("alice", "eng/backend")
        .User("bob").Member("bob", "eng")
        .User("carol").Member("carol", "ops")
        .User("dave", active: false).Member("dave", "eng/backend")
        .User("root", admin: true)
        .User("gone", active: false, admin: true)
        .User("Eve@Contoso.com")
        .ServiceAccount("payments/ci-bot").ServiceAccount("payments/other")
        .Collection("/prod/api/v1").Collection("/prod/web").Collection("/dev")
        .Namespace("payments").Namespace("billing")
        .Role("create-only", "container.create")
        .Role("k8s-reader", "kubernetes.pods.get", "kubernetes.nodes.get")
        .Role("pod-lister", "kubernetes.pods.list")
        // Created before the nearer grants below, so that "nearest first" is seen to win over grant id.
        .Grant("backend-prod", "team:eng/backend", "viewonly", "collection:/prod")
        .Grant("alice-api", "user:alice", "viewonly", "collection:/prod/api")
        .Grant("eng-api", "org:eng", "scheduler", "collection:/prod/api")
        .Grant("eng-root", "org:eng", "none", "collection:/")
        .Grant("backend-web", "team:eng/backend", "restrictedcontrol", "collection:/prod/web")
        .Grant("frontend-web", "team:eng/frontend", "fullcontrol", "collection:/prod/web")
        .Grant("ops-root", "org:ops", "viewonly", "collection:/")
        .Grant("carol-dev", "user:carol", "create-only", "collection:/dev")
        .Grant("alice-payments", "user:alice", "k8s-reader", "namespace:payments")
        .Grant("carol-all", "user:carol", "k8s-reader", "namespace:*")
        .Grant("bot-payments", "serviceaccount:payments/ci-bot", "fullcontrol", "namespace:payments")
        .Grant("bot-dev", "serviceaccount:payments/ci-bot", "viewonly", "collection:/dev")
        .Grant("ops-all", "org:ops", "pod-lister", "namespace:*")
        .Grant("dave-dev", "user:dave", "fullcontrol", "collection:/dev")
        .Grant("eve-dev", "user:Eve@Contoso.com", "viewonly", "collection:/dev");

    private static readonly CheckCase[] Cases =
    [
        // Collections: a grant reaches the collection and every descendant, not its parent or siblings.
        Allow("grant on a collection reaches it", "user:alice", "container.view", "collection:/prod/api", "alice-api", "backend-prod"),
        Allow("grant on a collection reaches a grandchild", "user:alice", "container.view", "collection:/prod/api/v1", "alice-api", "backend-prod"),
        Deny("grant does not reach the parent", "user:bob", "node.schedule", "collection:/prod", NoGrant, "eng-root"),
        Deny("grant does not reach a sibling", "user:bob", "node.schedule", "collection:/prod/web", NoGrant, "eng-root"),
        Allow("grant on the root reaches everything", "user:carol", "container.view", "collection:/prod/api/v1", "ops-root"),
        // Membership: user itself, its teams, its orgs; not other teams of the org.
        Allow("team grant covers its member", "user:alice", "container.start", "collection:/prod/web", "backend-web"),
        Allow("org grant covers its member", "user:bob", "node.schedule", "collection:/prod/api", "eng-api"),
        Allow("org grant covers a team member", "user:alice", "node.schedule", "collection:/prod/api/v1", "eng-api"),
        Deny("team grant does not cover another team's member", "user:bob", "container.start", "collection:/prod/web", NoGrant, "eng-root"),
        Allow("user, team and org grants are all listed, nearest first", "user:alice", "node.view", "collection:/prod/api/v1",
            "alice-api", "eng-api", "backend-prod"),
        // Roles: union only, options need their own permission, none gives nothing.
        Deny("restricted control has no exec", "user:alice", "container.exec", "collection:/prod/web", NoGrant, "backend-web", "backend-prod", "eng-root"),
        Deny("an option needs its own permission", "user:carol", "container.create:privileged", "collection:/dev", NoGrant, "carol-dev", "ops-root"),
        Deny("the none role gives nothing", "user:bob", "container.view", "collection:/", NoGrant, "eng-root"),
        // Namespaces.
        Allow("grant on a namespace reaches it", "user:alice", "kubernetes.pods.get", "namespace:payments", "alice-payments"),
        Deny("grant on a namespace does not reach another", "user:alice", "kubernetes.pods.get", "namespace:billing", NoGrant),
        Deny("grant on a namespace does not reach namespace:*", "user:alice", "kubernetes.pods.get", "namespace:*", NoGrant),
        Allow("grant on namespace:* reaches every namespace", "user:carol", "kubernetes.pods.get", "namespace:billing", "carol-all"),
        Allow("grant on namespace:* reaches namespace:* itself", "user:carol", "kubernetes.pods.get", "namespace:*", "carol-all"),
        Allow("namespace grant before namespace:* grant", "serviceaccount:payments/ci-bot", "kubernetes.pods.get", "namespace:payments", "bot-payments"),
        Allow("org grant on namespace:* covers its member", "user:carol", "kubernetes.pods.list", "namespace:payments", "ops-all"),
        // Applicability.
        Deny("Kubernetes permission on a collection", "user:carol", "kubernetes.pods.get", "collection:/dev", NotApplicable),
        Deny("Swarm permission on a namespace", "user:alice", "container.view", "namespace:payments", NotApplicable),
        Deny("Swarm permission on namespace:*", "user:carol", "container.view", "namespace:*", NotApplicable),
        Deny("cluster-scoped permission on a namespace", "user:carol", "kubernetes.nodes.get", "namespace:payments", NotApplicable),
        Deny("cluster-scoped permission on a namespace, for an admin too", "user:root", "kubernetes.nodes.get", "namespace:billing", NotApplicable),
        Deny("Swarm permission on a namespace, for an admin too", "user:root", "container.view", "namespace:*", NotApplicable),
        Allow("cluster-scoped permission on namespace:* with a grant there", "user:carol", "kubernetes.nodes.get", "namespace:*", "carol-all"),
        Deny("cluster-scoped permission needs a grant on namespace:*", "user:alice", "kubernetes.nodes.get", "namespace:*", NoGrant),
        Deny("namespaced permission on namespace:* needs a grant on namespace:*", "serviceaccount:payments/ci-bot", "kubernetes.pods.get", "namespace:*", NoGrant),
        // Admins and inactive users.
        Admin("an admin can do anything on a collection", "user:root", "container.exec", "collection:/prod/api/v1"),
        Admin("an admin can do anything on namespace:*", "user:root", "kubernetes.clusterroles.escalate", "namespace:*"),
        Deny("an inactive user has nothing", "user:dave", "container.view", "collection:/dev", Inactive),
        Deny("an inactive admin has nothing", "user:gone", "container.view", "collection:/dev", Inactive),
        // Service accounts: only grants to themselves.
        Allow("service account with a direct grant", "serviceaccount:payments/ci-bot", "container.view", "collection:/dev", "bot-dev"),
        Deny("service account is covered by no one else's grant", "serviceaccount:payments/other", "kubernetes.pods.get", "namespace:payments", NoGrant),
        // Groups as subjects: what the group itself receives.
        Allow("a team gets its own grants", "team:eng/backend", "container.start", "collection:/prod/web", "backend-web"),
        Allow("a team gets its org's grants", "team:eng/backend", "node.schedule", "collection:/prod/api", "eng-api"),
        Deny("a team does not get its members' grants", "team:eng/frontend", "container.view", "collection:/prod/api", NoGrant, "eng-api", "eng-root"),
        Allow("an org gets its own grants", "org:eng", "node.schedule", "collection:/prod/api/v1", "eng-api"),
        Deny("an org does not get its teams' grants", "org:eng", "container.start", "collection:/prod/web", NoGrant, "eng-root"),
        // Names compared without case.
        Allow("userName is case-insensitive", "user:eve@contoso.com", "container.view", "collection:/dev", "eve-dev"),
        Allow("collection path is case-insensitive", "user:alice", "container.view", "collection:/PROD/Api", "alice-api", "backend-prod"),
    ];

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Rule(string name)
    {
        var model = Rules();
        Cases.Single(c => c.Name == name).AssertAgainst(model, model.Engine());
    }
}
