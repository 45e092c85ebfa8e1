using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using AccessControl.Data;
using AccessControl.Data.Entities;
using AccessControl.Web.Features.Grants;
using AccessControl.Web.Features.Users;
using Microsoft.EntityFrameworkCore;

namespace AccessControl.Web.Features.Demo;

/// <summary>
/// The OrcaBank example of the UCP access-control docs: teams security, db, mobile, payments and ops; shared collections
/// per team with database collections below /Shared/db; production collections under /prod; the custom roles "Ops" and
/// "View &amp; Use Networks + Secrets"; a few Kubernetes namespaces and service accounts. Users are created as through the
/// API (default organization, private collection, default grant). Loaded once: a second call changes nothing.
/// </summary>
public static class DemoData
{
    public const string Org = "orcabank";
    public const string DemoAuditor = "omar.haddad@orcabank.example";

    private static readonly (string UserName, string DisplayName, string[] Teams, bool Active, bool IsAdmin)[] People =
    [
        ("admin", "Platform Admin", [], true, true),
        ("sarah.chen@orcabank.example", "Sarah Chen", ["security"], true, false),
        ("omar.haddad@orcabank.example", "Omar Haddad", ["security"], true, false),
        ("dmitri.ivanov@orcabank.example", "Dmitri Ivanov", ["db"], true, false),
        ("grace.okafor@orcabank.example", "Grace Okafor", ["db", "payments"], true, false),
        ("lucas.martin@orcabank.example", "Lucas Martin", ["mobile"], true, false),
        ("priya.nair@orcabank.example", "Priya Nair", ["mobile"], true, false),
        ("hannah.berg@orcabank.example", "Hannah Berg", ["payments"], true, false),
        ("kenji.sato@orcabank.example", "Kenji Sato", ["payments"], true, false),
        ("maria.garcia@orcabank.example", "Maria Garcia", ["ops"], true, false),
        ("tom.wright@orcabank.example", "Tom Wright", ["ops"], true, false),
        ("eve.former@orcabank.example", "Eve Former (left the company)", ["payments"], false, false),
    ];

    private static readonly string[] Collections =
        ["/Shared/mobile", "/Shared/payments", "/Shared/db", "/Shared/db/mobile", "/Shared/db/payments",
         "/prod", "/prod/mobile", "/prod/payments", "/prod/db"];

    private static readonly (string Name, string Description, string[] Permissions)[] Roles =
    [
        ("Ops", "Operate services and nodes: everything on services, containers (no exec), images, networks and volumes; node update.",
        [
            "service.create", "service.delete", "service.logs", "service.update", "service.view", "service.view-tasks",
            "container.create", "container.kill", "container.logs", "container.remove", "container.restart", "container.start",
            "container.stats", "container.stop", "container.top", "container.view",
            "image.create", "image.remove", "image.tag", "image.view", "image.history",
            "network.create", "network.connect", "network.disconnect", "network.remove", "network.view",
            "volume.create", "volume.remove", "volume.view", "node.schedule", "node.update", "node.view",
            "secret.view", "secret.use", "config.view", "config.use",
        ]),
        ("View & Use Networks + Secrets", "Attach services to existing networks and use secrets and configs; see them.",
            ["network.view", "network.connect", "network.disconnect", "secret.view", "secret.use", "config.view", "config.use"]),
    ];

    private static readonly string[] Namespaces = ["mobile", "payments", "monitoring"];
    private static readonly (string Ns, string Name)[] ServiceAccounts = [("payments", "ci-bot"), ("mobile", "deployer"), ("monitoring", "prometheus")];

    // (subject, role id or name, resource)
    private static readonly (string Subject, string Role, string Resource)[] GrantList =
    [
        ("team:orcabank/ops", "Ops", "collection:/Shared"),
        ("team:orcabank/db", BuiltInRoles.RestrictedControl, "collection:/Shared/db"),
        ("team:orcabank/mobile", BuiltInRoles.RestrictedControl, "collection:/Shared/mobile"),
        ("team:orcabank/mobile", "View & Use Networks + Secrets", "collection:/Shared/db/mobile"),
        ("team:orcabank/payments", BuiltInRoles.RestrictedControl, "collection:/Shared/payments"),
        ("team:orcabank/payments", "View & Use Networks + Secrets", "collection:/Shared/db/payments"),
        ("team:orcabank/security", BuiltInRoles.ViewOnly, "collection:/prod"),
        ("team:orcabank/ops", BuiltInRoles.FullControl, "collection:/prod"),
        ("team:orcabank/mobile", BuiltInRoles.RestrictedControl, "collection:/prod/mobile"),
        ("team:orcabank/payments", BuiltInRoles.RestrictedControl, "collection:/prod/payments"),
        ("team:orcabank/db", BuiltInRoles.RestrictedControl, "collection:/prod/db"),
        ("org:orcabank", BuiltInRoles.Scheduler, "collection:/prod"),
        ("team:orcabank/mobile", BuiltInRoles.RestrictedControl, "namespace:mobile"),
        ("team:orcabank/payments", BuiltInRoles.RestrictedControl, "namespace:payments"),
        ("team:orcabank/security", BuiltInRoles.ViewOnly, "namespace:*"),
        ("team:orcabank/ops", BuiltInRoles.FullControl, "namespace:*"),
        ("serviceaccount:payments/ci-bot", BuiltInRoles.RestrictedControl, "namespace:payments"),
        ("serviceaccount:mobile/deployer", BuiltInRoles.RestrictedControl, "namespace:mobile"),
        ("serviceaccount:monitoring/prometheus", BuiltInRoles.ViewOnly, "namespace:*"),
    ];

    public static async Task<bool> LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbs = services.GetRequiredService<IDbContextFactory<AccessControlDbContext>>();
        var clock = services.GetRequiredService<TimeProvider>();
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Organizations.AnyAsync(o => o.Name == Org, ct)) return false;
        db.Actor = "demo";
        db.Action = "demo.load";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var org = new Organization { Id = Guid.NewGuid(), Name = Org, CreatedAt = now };
        db.Organizations.Add(org);
        var teams = new[] { "security", "db", "mobile", "payments", "ops" }
            .ToDictionary(t => t, t => new Team { Id = Guid.NewGuid(), OrgId = org.Id, Name = t, CreatedAt = now });
        db.Teams.AddRange(teams.Values);
        // Users need the default organization and /Shared/Private in the database first.
        await db.SaveChangesAsync(ct);

        var users = new Dictionary<string, User>();
        foreach (var p in People)
        {
            var user = await NewUsers.AddAsync(db, clock, p.UserName, p.DisplayName, p.UserName.Contains('@') ? p.UserName : null,
                p.Active, p.IsAdmin, null, ct);
            users[p.UserName] = user;
            if (p.Teams.Length > 0 || p.IsAdmin) db.OrgMembers.Add(new OrgMember { OrgId = org.Id, UserId = user.Id, IsAdmin = p.IsAdmin });
            foreach (var t in p.Teams)
                db.TeamMembers.Add(new TeamMember { TeamId = teams[t].Id, UserId = user.Id, IsAdmin = t == "ops" });
            await db.SaveChangesAsync(ct);
        }

        // An auditor to sign in as (development sign-in): the security team's Omar reads everything, changes nothing.
        db.AppRoleAssignments.Add(new AppRoleAssignment { UserId = users[DemoAuditor].Id, Role = "Auditor", CreatedAt = now });

        var roles = Roles.ToDictionary(r => r.Name, r => new Role
        {
            Id = Guid.NewGuid().ToString("N"), Name = r.Name, NormalizedName = Names.Normalize(r.Name), Description = r.Description,
            Permissions = r.Permissions.Where(PermissionCatalog.Default.Contains).Distinct().Order(StringComparer.Ordinal).ToList(), CreatedAt = now,
        });
        db.Roles.AddRange(roles.Values);

        var collectionIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["/"] = BuiltInCollections.Root, ["/Shared"] = BuiltInCollections.Shared,
        };
        foreach (var path in Collections)
        {
            var slash = path.LastIndexOf('/');
            var parent = slash == 0 ? "/" : path[..slash];
            var name = path[(slash + 1)..];
            var c = new Collection
            {
                Id = Guid.NewGuid().ToString("N"), ParentId = collectionIds[parent], Name = name, NormalizedName = Names.Normalize(name), CreatedAt = now,
            };
            db.Collections.Add(c);
            collectionIds[path] = c.Id;
        }
        var namespaces = Namespaces.ToDictionary(n => n, n => new Namespace { Id = Guid.NewGuid(), Name = n, CreatedAt = now });
        db.Namespaces.AddRange(namespaces.Values);
        var serviceAccounts = ServiceAccounts.ToDictionary(s => $"{s.Ns}/{s.Name}",
            s => new ServiceAccount { Id = Guid.NewGuid(), Namespace = s.Ns, Name = s.Name, CreatedAt = now });
        db.ServiceAccounts.AddRange(serviceAccounts.Values);

        foreach (var (subjectText, role, resourceText) in GrantList)
        {
            var subject = SubjectRef.Parse(subjectText);
            var subjectId = subject.Kind switch
            {
                SubjectKind.Team => teams[subject.Split().Right].Id,
                SubjectKind.Org => org.Id,
                SubjectKind.ServiceAccount => serviceAccounts[subject.Name].Id,
                _ => users[subject.Name].Id,
            };
            var roleId = roles.TryGetValue(role, out var custom) ? custom.Id : role;
            var resource = ResourceRef.Parse(resourceText);
            db.Grants.Add(GrantRows.New(subject.Kind, subjectId, roleId, resource.Kind,
                resource.Kind == ResourceKind.Collection ? collectionIds[resource.Name] : null,
                resource.Kind == ResourceKind.Namespace ? namespaces[resource.Name].Id : null, db.Actor, now));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
