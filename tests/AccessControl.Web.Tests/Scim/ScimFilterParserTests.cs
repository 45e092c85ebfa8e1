using System.Diagnostics;
using AccessControl.Web.Features.Scim;

namespace AccessControl.Web.Tests.Scim;

/// <summary>The filter grammar of RFC 7644 §3.4.2.2, without a database; plus fuzzing of the parser and translator.</summary>
public sealed class ScimFilterParserTests
{
    [Theory]
    [InlineData("userName eq \"bjensen\"")]
    [InlineData("name.familyName co \"O'Malley\"")]
    [InlineData("userName sw \"J\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"")]
    [InlineData("title pr")]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"")]
    [InlineData("meta.lastModified ge \"2011-05-13T04:42:34Z\"")]
    [InlineData("meta.lastModified lt \"2011-05-13T04:42:34Z\"")]
    [InlineData("meta.lastModified le \"2011-05-13T04:42:34Z\"")]
    [InlineData("title pr and active eq true")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]")]
    [InlineData("emails[type eq \"work\"].value eq \"x@example.com\"")]
    [InlineData("userName eq \"a\" or (emails co \"example.com\" and not (active eq false))")]
    [InlineData("USERNAME EQ \"A\" AND Active Ne False")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"R&D\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"")]
    [InlineData("displayName eq \"with \\\"quotes\\\" and \\\\ backslash\"")]
    [InlineData("externalId eq null")]
    public void Valid_user_filters_translate(string filter) => Assert.NotNull(ScimUserService.Filter(filter));

    [Fact]
    public void And_binds_tighter_than_or_and_names_are_canonical()
    {
        var node = ScimFilterParser.Parse("a eq \"1\" or b eq \"2\" and C.D pr");
        var or = Assert.IsType<OrNode>(node);
        var and = Assert.IsType<AndNode>(or.Right);
        Assert.Equal("c.d", Assert.IsType<CompareNode>(and.Right).Path);
        var vp = Assert.IsType<ValuePathNode>(ScimFilterParser.Parse("Emails[Type eq \"work\"].Value eq \"x\""));
        Assert.Equal("emails", vp.Attribute);
        Assert.Equal("emails.value", Assert.IsType<CompareNode>(vp.Then).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("userName")]
    [InlineData("userName eq")]
    [InlineData("userName eq \"a\" garbage")]
    [InlineData("userName eq 'a'")]
    [InlineData("((userName eq \"a\")")]
    [InlineData("userName eq \"a\")")]
    [InlineData("userName[eq \"a\"]")]
    [InlineData("not userName eq \"a\"")]
    [InlineData("userName gt true")]
    [InlineData("id co \"x\"")]
    [InlineData("password eq \"x\"")]
    public void Invalid_filters_are_invalidFilter(string filter)
    {
        var e = Assert.Throws<ScimException>(() => ScimUserService.Filter(filter));
        Assert.Equal(400, e.Status);
        Assert.Equal(ScimErrorTypes.InvalidFilter, e.ScimType);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        var deep = new string('(', 10_000) + "userName eq \"a\"" + new string(')', 10_000);
        Assert.Throws<ScimException>(() => ScimUserService.Filter(deep));
        var notNot = string.Concat(Enumerable.Repeat("not (", 2000)) + "active eq true" + new string(')', 2000);
        Assert.Throws<ScimException>(() => ScimUserService.Filter(notNot));
    }

    private static readonly string[] Seeds =
    [
        "userName eq \"bjensen\"", "emails[type eq \"work\"].value eq \"x@y.z\"", "title pr and (active eq true or not (displayName sw \"A\"))",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department co \"R\"", "meta.created ge \"2020-01-01T00:00:00Z\"",
        "externalId eq \"e1\" or id eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", "name.givenName ew \"z\"",
    ];

    private static readonly string[] Pieces =
    [
        " ", "(", ")", "[", "]", "\"", "\\", ".", ":", "eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le", "and", "or", "not", "true", "false",
        "null", "1", "-2.5e3", "userName", "emails", "type", "value", "active", "urn:ietf:params:scim:schemas:core:2.0:User:", "\"x\"", "é", "\u0000", "$ref",
    ];

    /// <summary>Random and mutated filters: the parser and translator either succeed or answer invalidFilter, quickly.</summary>
    [Fact]
    public void Random_and_mutated_filters_never_crash_or_hang()
    {
        var random = new Random(6);
        var clock = Stopwatch.StartNew();
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            string filter;
            if (i % 2 == 0)
            {
                var chars = Seeds[random.Next(Seeds.Length)].ToCharArray().ToList();
                for (var m = random.Next(1, 4); m > 0 && chars.Count > 0; m--)
                {
                    var at = random.Next(chars.Count);
                    switch (random.Next(3))
                    {
                        case 0: chars.RemoveAt(at); break;
                        case 1: chars.Insert(at, "()[]\" .:\\x"[random.Next(10)]); break;
                        default: chars[at] = (char)random.Next(32, 127); break;
                    }
                }
                filter = new string(chars.ToArray());
            }
            else filter = string.Join(random.Next(2) == 0 ? " " : "", Enumerable.Range(0, random.Next(1, 12)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            var single = Stopwatch.StartNew();
            try
            {
                ScimUserService.Filter(filter);
                accepted++;
            }
            catch (ScimException e)
            {
                Assert.Equal(400, e.Status);
                Assert.Equal(ScimErrorTypes.InvalidFilter, e.ScimType);
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
            Assert.True(single.ElapsedMilliseconds < 1000, $"'{filter}' took {single.ElapsedMilliseconds} ms");
        }
        Assert.True(accepted > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }
}
