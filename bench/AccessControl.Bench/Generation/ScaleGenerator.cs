using System.Collections.Immutable;
using AccessControl.Core.Catalog;
using AccessControl.Core.Model;
using Bogus;

namespace AccessControl.Bench.Generation;

/// <summary>
/// Builds a valid model of a preset's size from a seed: the same seed gives the same model, ids included.
/// Bogus names the things; a <see cref="Random"/> of the same seed decides the structure.
/// Shape: every user in the default organization, in a home org and in about five teams (joining a team joins its
/// org, domain.md's invariant); a collection subtree per org under "/", up to the preset's depth; a few admins,
/// some inactive users; Scheduler on /Shared for the default organization, as the product creates it.
/// </summary>
public sealed partial class ScaleGenerator
{
    public const string DefaultOrg = "docker-datacenter";

    private readonly Preset preset;
    private readonly int seed;
    private readonly Random rng;
    private readonly Faker faker;

    private readonly List<UserInfo> users = [];
    private readonly List<UserProfile> profiles = [];
    private readonly List<OrgInfo> orgs = [];
    private readonly List<TeamInfo> teams = [];
    private readonly List<OrgMemberInfo> orgMembers = [];
    private readonly List<TeamMemberInfo> teamMembers = [];
    private readonly List<ServiceAccountInfo> accounts = [];
    private readonly List<RoleInfo> roles = [];
    private readonly List<CollectionInfo> collections = [.. BuiltInCollections.All];
    private readonly List<NamespaceInfo> namespaces = [];
    private readonly List<GrantInfo> grants = [];

    // Structure the grants follow.
    private readonly List<int> homeOrg = [];                 // user index → index in orgs (never the default org)
    private readonly List<List<int>> teamsOfOrg = [];        // org index → team indices
    private readonly List<List<string>> subtreeOfOrg = [];   // org index → collection ids under its top collection
    private readonly List<List<int>> teamsOfUser = [];
    private readonly List<int> orgOfTeam = [];

    private ScaleGenerator(Preset preset, int seed)
    {
        this.preset = preset;
        this.seed = seed;
        rng = new Random(seed);
        faker = new Faker("en") { Random = new Randomizer(seed) };
    }

    public static GeneratedModel Generate(Preset preset, int seed = 1)
    {
        var g = new ScaleGenerator(preset, seed);
        g.AddOrgsAndTeams();
        g.AddUsers();
        g.AddCollections();
        g.AddNamespacesAndServiceAccounts();
        g.AddRoles();
        g.AddGrants();
        var model = new AccessModel([.. g.users], [.. g.orgs], [.. g.teams], [.. g.orgMembers], [.. g.teamMembers],
            [.. g.accounts], [.. g.roles], [.. g.collections], [.. g.namespaces], [.. g.grants]);
        return new GeneratedModel(preset, seed, model, g.profiles);
    }

    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, so the ids look like what the app creates
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Lower-case letters, digits and '-', as org, team and namespace names allow.</summary>
    private static string Slug(string text, int max = 40)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var s = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (s.Length == 0) s = "x";
        return s.Length > max ? s[..max].TrimEnd('-') : s;
    }

    /// <summary>A collection name: letters, digits, '_', '.', '@' or '-', starting with a letter or digit.</summary>
    private static string CollectionSlug(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' ? c : '-').ToArray();
        var s = new string(chars).Trim('-', '.', '_', '@');
        return s.Length == 0 ? "c" : s.Length > 60 ? s[..60] : s;
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++) candidate = $"{name}-{n}";
        return candidate;
    }

    private void AddOrgsAndTeams()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        orgs.Add(new OrgInfo(NewId(), Unique(DefaultOrg, names)));
        teamsOfOrg.Add([]);
        for (var i = 0; i < preset.Orgs; i++)
        {
            orgs.Add(new OrgInfo(NewId(), Unique(Slug(faker.Company.CompanyName()), names)));
            teamsOfOrg.Add([]);
        }
        var teamNames = orgs.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        for (var i = 0; i < preset.Teams; i++)
        {
            var o = 1 + i % preset.Orgs;
            var name = Unique(Slug($"{faker.Commerce.Department()}-{faker.Hacker.Noun()}"), teamNames[o]);
            teamsOfOrg[o].Add(teams.Count);
            orgOfTeam.Add(o);
            teams.Add(new TeamInfo(NewId(), orgs[o].Id, name));
        }
    }

    private void AddUsers()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var admins = new HashSet<int>();
        while (admins.Count < Math.Min(preset.Admins, preset.Users)) admins.Add(rng.Next(preset.Users));
        for (var i = 0; i < preset.Users; i++)
        {
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var userName = Unique(Slug(faker.Internet.UserName(first, last)).Replace('-', '.'), names);
            var admin = admins.Contains(i);
            var active = admin || rng.NextDouble() >= preset.InactiveShare;
            var user = new UserInfo(NewId(), userName, active, admin);
            users.Add(user);
            profiles.Add(new UserProfile($"{first} {last}", $"{userName}@{faker.Internet.DomainName()}"));

            var home = 1 + rng.Next(preset.Orgs);
            homeOrg.Add(home);
            var joinedOrgs = new List<int> { 0, home };
            var mine = new List<int>();
            var want = Math.Max(1, preset.TeamsPerUser + rng.Next(-2, 3));
            for (var tries = 0; mine.Count < want && tries < want * 4; tries++)
            {
                // Mostly teams of the home org; some elsewhere (a user working across orgs).
                var pool = rng.NextDouble() < 0.8 ? teamsOfOrg[home] : teamsOfOrg[1 + rng.Next(preset.Orgs)];
                if (pool.Count == 0) continue;
                var t = pool[rng.Next(pool.Count)];
                if (mine.Contains(t)) continue;
                mine.Add(t);
                teamMembers.Add(new TeamMemberInfo(teams[t].Id, user.Id, rng.NextDouble() < 0.05));
                var o = orgOfTeam[t];
                if (!joinedOrgs.Contains(o)) joinedOrgs.Add(o);
            }
            teamsOfUser.Add(mine);
            foreach (var o in joinedOrgs) orgMembers.Add(new OrgMemberInfo(orgs[o].Id, user.Id, o != 0 && rng.NextDouble() < 0.02));
        }
    }

    private void AddCollections()
    {
        var depth = collections.ToDictionary(c => c.Id, c => c.ParentId is null ? 0 : c.ParentId == BuiltInCollections.Root ? 1 : 2);
        var siblingNames = new Dictionary<string, HashSet<string>>
        {
            [BuiltInCollections.Root] = new(["System", "Shared"], StringComparer.OrdinalIgnoreCase),
            [BuiltInCollections.Shared] = new(["Private", "Legacy"], StringComparer.OrdinalIgnoreCase),
        };
        var orgOf = new Dictionary<string, int>();
        var open = new List<string>(); // generated collections that may still take children
        foreach (var _ in orgs) subtreeOfOrg.Add([]);

        void Add(string parentId, string name, int org)
        {
            if (!siblingNames.TryGetValue(parentId, out var taken)) siblingNames[parentId] = taken = new(StringComparer.OrdinalIgnoreCase);
            var id = NewId().ToString("N");
            collections.Add(new CollectionInfo(id, parentId, Unique(name, taken)));
            depth[id] = depth[parentId] + 1;
            orgOf[id] = org;
            if (org >= 0) subtreeOfOrg[org].Add(id);
            if (depth[id] < preset.MaxDepth) open.Add(id);
        }

        string CollectionName() => CollectionSlug(faker.PickRandom(
            faker.Hacker.Noun(), faker.Commerce.ProductMaterial(), faker.Hacker.Abbreviation(), faker.Internet.DomainWord(),
            faker.Commerce.Department()));

        var budget = preset.Collections - collections.Count;
        for (var o = 1; o < orgs.Count && budget > 0; o++, budget--)
            Add(BuiltInCollections.Root, orgs[o].Name, o);
        for (; budget > 0; budget--)
        {
            // A few shared areas under /Shared; the rest grows the orgs' trees, often under a recent node so that
            // some branches reach the full depth.
            if (rng.NextDouble() < 0.02) { Add(BuiltInCollections.Shared, CollectionName(), -1); continue; }
            var parent = rng.NextDouble() < 0.3 && open.Count > 0
                ? open[Math.Max(0, open.Count - 1 - rng.Next(Math.Min(open.Count, 20)))]
                : open[rng.Next(open.Count)];
            Add(parent, CollectionName(), orgOf[parent]);
            if (depth[parent] + 1 >= preset.MaxDepth) continue;
            // Close a node to new children now and then, so the tree keeps some shape.
            if (rng.NextDouble() < 0.05) open.Remove(parent);
        }
    }

    private void AddNamespacesAndServiceAccounts()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < preset.Namespaces; i++)
            namespaces.Add(new NamespaceInfo(NewId(), Unique(Slug(faker.Hacker.Noun() + "-" + faker.Hacker.Verb(), 50), names)));
        var accountNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < preset.ServiceAccounts; i++)
        {
            var ns = namespaces[rng.Next(namespaces.Count)].Name;
            var name = Unique(Slug(faker.Hacker.Verb() + "-bot", 50), accountNames);
            accounts.Add(new ServiceAccountInfo(NewId(), ns, name));
        }
    }

    private void AddRoles()
    {
        roles.AddRange(BuiltInRoles.All.Select(r => new RoleInfo(r.Id, r.Name, [.. r.Permissions.Order(StringComparer.Ordinal)])));
        var catalog = PermissionCatalog.Default.All;
        var swarm = catalog.Where(p => p.Kind == PermissionKind.Swarm).ToList();
        var kubernetes = catalog.Where(p => p.Kind == PermissionKind.Kubernetes).ToList();
        var names = new HashSet<string>(roles.Select(r => r.Name), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < preset.CustomRoles; i++)
        {
            var theme = rng.NextDouble();
            var pool = theme < 0.5 ? swarm : theme < 0.8 ? kubernetes : catalog.ToList();
            var size = rng.Next(5, Math.Min(80, pool.Count));
            var permissions = pool.OrderBy(_ => rng.Next()).Take(size).Select(p => p.Id).Order(StringComparer.Ordinal);
            var name = Unique($"{faker.Commerce.Department()} {faker.Hacker.Adjective()}", names);
            roles.Add(new RoleInfo(NewId().ToString("N"), name, [.. permissions]));
        }
    }
}
