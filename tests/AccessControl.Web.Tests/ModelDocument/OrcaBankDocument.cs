using System.Text.Json.Nodes;

namespace AccessControl.Web.Tests.ModelDocument;

/// <summary>
/// A small OrcaBank model (UCP docs) as a model document, in the order GET /model writes it: team security View Only on /prod,
/// ops Full Control on /prod, mobile a custom Dev role on /prod/mobile, a CI service account on a namespace, an admin and an
/// inactive ops member.
/// </summary>
public static class OrcaBankDocument
{
    public const string Json = """
    {
      "users": [
        {"userName": "admin", "displayName": "Platform Admin", "active": true, "isAdmin": true},
        {"userName": "eve", "displayName": "Eve Former", "active": false, "isAdmin": false},
        {"userName": "lucas", "displayName": "Lucas Martin", "email": "lucas@orcabank.example", "active": true, "isAdmin": false},
        {"userName": "maria", "displayName": "Maria Garcia", "active": true, "isAdmin": false, "externalId": "okta-maria"},
        {"userName": "sarah", "displayName": "Sarah Chen", "active": true, "isAdmin": false}
      ],
      "orgs": [
        {"name": "orcabank",
         "members": [{"userName": "eve", "isAdmin": false}, {"userName": "lucas", "isAdmin": false},
                     {"userName": "maria", "isAdmin": true}, {"userName": "sarah", "isAdmin": false}],
         "teams": [{"name": "mobile", "members": ["lucas"], "admins": ["lucas"]},
                   {"name": "ops", "members": ["eve", "maria"]},
                   {"name": "security", "members": ["sarah"]}]}
      ],
      "serviceAccounts": [{"namespace": "payments", "name": "ci-bot"}],
      "roles": [{"name": "Dev", "description": "Build and run on a team's collection.",
                 "permissions": ["container.create", "container.logs", "container.view", "service.create", "service.view"]}],
      "collections": ["/prod", "/prod/mobile"],
      "namespaces": ["payments"],
      "grants": [
        {"subject": "serviceaccount:payments/ci-bot", "role": "restrictedcontrol", "resource": "namespace:payments"},
        {"subject": "team:orcabank/mobile", "role": "Dev", "resource": "collection:/prod/mobile"},
        {"subject": "team:orcabank/ops", "role": "fullcontrol", "resource": "collection:/prod"},
        {"subject": "team:orcabank/security", "role": "viewonly", "resource": "collection:/prod"}
      ],
      "settings": {"defaultNewUserRole": "restrictedcontrol", "defaultOrganization": "docker-datacenter"}
    }
    """;

    public static JsonObject Build() => JsonNode.Parse(Json)!.AsObject();

    public static StringContent Content(JsonNode document) =>
        new(document.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
