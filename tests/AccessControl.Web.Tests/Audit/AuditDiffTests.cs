using System.Text.Json.Nodes;
using AccessControl.Web.Features.Audit;

namespace AccessControl.Web.Tests.Audit;

/// <summary>The audit page's before/after table: every field once, in the row's order, changed ones marked.</summary>
public sealed class AuditDiffTests
{
    [Fact]
    public void A_modification_marks_only_the_fields_that_changed()
    {
        var before = JsonNode.Parse("""{"userName": "alice", "active": true, "displayName": "Alice", "permissions": ["a", "b"]}""");
        var after = JsonNode.Parse("""{"userName": "alice", "active": false, "displayName": "Alice", "permissions": ["a"]}""");
        var diff = AuditDiff.Of(before, after);
        Assert.Equal(["userName", "active", "displayName", "permissions"], diff.Select(f => f.Field));
        Assert.Equal(["active", "permissions"], diff.Where(f => f.Changed).Select(f => f.Field));
        var active = diff.Single(f => f.Field == "active");
        Assert.Equal(("true", "false"), (active.Before, active.After));
        Assert.Equal("""["a"]""", diff.Single(f => f.Field == "permissions").After);
        Assert.Equal("alice", diff[0].Before);
    }

    [Fact]
    public void An_addition_has_only_after_values_and_a_field_missing_on_one_side_counts_as_changed()
    {
        var added = AuditDiff.Of(null, JsonNode.Parse("""{"name": "ops", "email": null}"""));
        Assert.All(added, f => Assert.Null(f.Before));
        Assert.Equal(("name", true), (added[0].Field, added[0].Changed));
        Assert.False(added[1].Changed); // null before and null after: nothing to show as a change

        var grown = AuditDiff.Of(JsonNode.Parse("""{"a": 1}"""), JsonNode.Parse("""{"a": 1, "b": 2}"""));
        Assert.Equal([("a", false), ("b", true)], grown.Select(f => (f.Field, f.Changed)));
        Assert.Empty(AuditDiff.Of(null, null));
    }
}
