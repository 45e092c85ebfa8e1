using System.Net;
using AccessControl.Web.Tests.Infrastructure;
using static AccessControl.Web.Tests.Scim.ScimFlowSupport;

namespace AccessControl.Web.Tests.Scim;

/// <summary>
/// Random filters run by the database against an in-test oracle over a known set of users: the answer is exactly the
/// users the filter selects, never more (an ignored condition) and never fewer.
/// </summary>
public abstract class ScimFilterDatabaseTests(ApiFixture app)
{
    private sealed record Person(string Id, string UserName, string? DisplayName, string? Title, bool Active, string? ExternalId, string? Email,
        string? Department);

    private static readonly string[] Words = ["alpha", "Beta", "GAMMA", "delta", "Alp", "ta", "x"];

    [Fact]
    public async Task Random_filters_select_exactly_what_the_oracle_selects()
    {
        var scim = await ScimClient.ConnectAsync(app);
        var prefix = ApiFixture.Unique("flt");
        var random = new Random(42);
        var people = new List<Person>();
        for (var i = 0; i < 12; i++)
        {
            string? Pick() => random.Next(4) == 0 ? null : Words[random.Next(Words.Length)] + (random.Next(2) == 0 ? "" : i.ToString());
            var p = new Person("", $"{prefix}-{Words[i % Words.Length]}{i}", Pick(), Pick(), random.Next(3) > 0, Pick(),
                random.Next(4) == 0 ? null : $"{Words[random.Next(Words.Length)]}{i}@Example.com", Pick());
            var body = new Dictionary<string, object?>
            {
                ["schemas"] = new[] { UserSchema, Enterprise }, ["userName"] = p.UserName, ["displayName"] = p.DisplayName, ["title"] = p.Title,
                ["active"] = p.Active, ["externalId"] = p.ExternalId,
                ["emails"] = p.Email is null ? null : new[] { new { value = p.Email, type = "work", primary = true } },
                [Enterprise] = new { department = p.Department },
            };
            var created = await (await scim.Post("Users", body)).Scim(HttpStatusCode.Created);
            people.Add(p with { Id = created.Id() });
        }

        for (var n = 0; n < 150; n++)
        {
            var (filter, predicate) = Expr(random, people, 0);
            var full = $"userName sw \"{prefix}\" and ({filter})";
            var response = await scim.Get($"Users?count=200&filter={Uri.EscapeDataString(full)}");
            var body = await response.Scim(HttpStatusCode.OK);
            var expected = people.Where(predicate).Select(p => p.Id).Order().ToArray();
            var actual = body.Resources().Select(r => r.Id()).Order().ToArray();
            Assert.True(expected.SequenceEqual(actual), $"filter {full}: expected {expected.Length}, got {actual.Length}");
        }
    }

    private static (string, Func<Person, bool>) Expr(Random r, List<Person> people, int depth)
    {
        if (depth < 3)
            switch (r.Next(6))
            {
                case 0:
                {
                    var (a, pa) = Expr(r, people, depth + 1);
                    var (b, pb) = Expr(r, people, depth + 1);
                    return ($"{a} and {b}", p => pa(p) && pb(p));
                }
                case 1:
                {
                    var (a, pa) = Expr(r, people, depth + 1);
                    var (b, pb) = Expr(r, people, depth + 1);
                    return ($"({a} OR {b})", p => pa(p) || pb(p));
                }
                case 2:
                {
                    var (a, pa) = Expr(r, people, depth + 1);
                    return ($"not ({a})", p => !pa(p));
                }
            }
        return Atom(r, people);
    }

    private static (string, Func<Person, bool>) Atom(Random r, List<Person> people)
    {
        var attrs = new (string Name, Func<Person, string?> Get, bool CaseExact)[]
        {
            ("userName", p => p.UserName, false), ("displayName", p => p.DisplayName, false), ("title", p => p.Title, false),
            ("externalId", p => p.ExternalId, true), ("emails.value", p => p.Email, false), ("emails", p => p.Email, false),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", p => p.Department, false),
        };
        var kind = r.Next(10);
        if (kind == 0)
        {
            var b = r.Next(2) == 0;
            return ($"active eq {(b ? "true" : "False")}", p => p.Active == b);
        }
        if (kind == 1)
        {
            var who = people[r.Next(people.Count)];
            return ($"id eq \"{who.Id}\"", p => p.Id == who.Id);
        }
        if (kind == 2)
        {
            var e = people[r.Next(people.Count)].Email ?? "none@x";
            return ($"emails[type eq \"work\"].value eq \"{e.ToUpperInvariant()}\"", p => p.Email is not null && string.Equals(p.Email, e, StringComparison.OrdinalIgnoreCase));
        }
        var (name, get, exact) = attrs[r.Next(attrs.Length)];
        var op = new[] { "eq", "ne", "co", "sw", "ew", "pr" }[r.Next(6)];
        if (op == "pr") return ($"{name} pr", p => !string.IsNullOrEmpty(get(p)));
        var source = get(people[r.Next(people.Count)]) ?? Words[r.Next(Words.Length)];
        var value = op switch
        {
            "co" => source.Length > 2 ? source[1..^1] : source,
            "sw" => source[..Math.Min(3, source.Length)],
            "ew" => source[^Math.Min(3, source.Length)..],
            _ => source,
        };
        if (r.Next(3) == 0) value = value.ToUpperInvariant();
        var cmp = exact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var opText = r.Next(2) == 0 ? op : op.ToUpperInvariant();
        return ($"{name} {opText} \"{value}\"", op switch
        {
            "eq" => p => get(p) is { } v && string.Equals(v, value, cmp),
            "ne" => p => !(get(p) is { } v && string.Equals(v, value, cmp)),
            "co" => p => get(p) is { } v && v.Contains(value, cmp),
            "sw" => p => get(p) is { } v && v.StartsWith(value, cmp),
            _ => p => get(p) is { } v && v.EndsWith(value, cmp),
        });
    }
}

[Trait("Database", "Sqlite")]
public sealed class ScimFilterDatabaseTestsOnSqlite(SqliteApiFixture app) : ScimFilterDatabaseTests(app), IClassFixture<SqliteApiFixture>;

[Trait("Database", "Postgres")]
public sealed class ScimFilterDatabaseTestsOnPostgres(PostgresApiFixture app) : ScimFilterDatabaseTests(app), IClassFixture<PostgresApiFixture>;
