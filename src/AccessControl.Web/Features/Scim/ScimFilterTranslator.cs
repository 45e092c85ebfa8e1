using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

public enum ScimAttrKind { String, Bool, DateTime, Guid }

/// <summary>A filterable attribute: how to reach it in the entity, and how it compares.</summary>
/// <param name="Selector">entity → value; for case-insensitive strings it yields the upper-invariant form.</param>
/// <param name="CaseExact">false: the compared value is upper-cased (the selector is too).</param>
public sealed record ScimFilterAttribute(LambdaExpression Selector, ScimAttrKind Kind, bool CaseExact = false);

/// <summary>
/// Turns a parsed filter into an EF expression tree over <typeparamref name="T"/>, so the database filters. An attribute
/// or operator the resource does not support is an <c>invalidFilter</c> error, never an ignored condition.
/// </summary>
public sealed class ScimFilterTranslator<T>(
    IReadOnlyDictionary<string, ScimFilterAttribute> attributes,
    IReadOnlyDictionary<string, Func<string, JsonValue?, Expression<Func<T, bool>>>> special,
    IReadOnlyDictionary<string, string> aliases)
{
    private readonly ParameterExpression x = Expression.Parameter(typeof(T), "x");

    public Expression<Func<T, bool>> Translate(FilterNode node) => Expression.Lambda<Func<T, bool>>(Build(node, null), x);

    private Expression Build(FilterNode node, string? prefix) => node switch
    {
        AndNode a => Expression.AndAlso(Build(a.Left, prefix), Build(a.Right, prefix)),
        OrNode o => Expression.OrElse(Build(o.Left, prefix), Build(o.Right, prefix)),
        NotNode n => Expression.Not(Build(n.Inner, prefix)),
        ValuePathNode v when prefix is null => v.Then is null
            ? Build(v.Filter, v.Attribute)
            : Expression.AndAlso(Build(v.Filter, v.Attribute), Build(v.Then, null)),
        ValuePathNode => throw ScimFilterParser.Invalid("A value filter cannot contain another value filter."),
        CompareNode c => Compare(prefix is null ? c.Path : $"{prefix}.{c.Path}", c.Op, c.Value),
        _ => throw ScimFilterParser.Invalid("Unsupported filter."),
    };

    private Expression Compare(string path, string op, JsonValue? value)
    {
        path = aliases.GetValueOrDefault(path, path);
        if (special.TryGetValue(path, out var custom)) return Rebind(custom(op, value));
        if (!attributes.TryGetValue(path, out var attr))
            throw ScimFilterParser.Invalid($"'{path}' is not an attribute this resource can be filtered on.");
        var selector = Rebind(attr.Selector);
        if (op == "pr")
            return attr.Kind == ScimAttrKind.String
                ? Expression.AndAlso(NotNull(selector), Expression.NotEqual(selector, Expression.Constant("")))
                : NotNull(selector);
        if (value is null)
            return op switch
            {
                "eq" => Expression.Not(NotNull(selector)),
                "ne" => NotNull(selector),
                _ => throw ScimFilterParser.Invalid($"'{op}' cannot compare with null."),
            };
        return attr.Kind switch
        {
            ScimAttrKind.String => CompareString(selector, op, AsString(path, value, attr.CaseExact)),
            ScimAttrKind.Bool => CompareEquality(selector, op, Expression.Constant(AsBool(path, value), selector.Type), path),
            ScimAttrKind.DateTime => CompareOrdered(selector, op, Expression.Constant(AsDate(path, value), selector.Type)),
            ScimAttrKind.Guid => CompareGuid(selector, op, value, path),
            _ => throw ScimFilterParser.Invalid("Unsupported attribute."),
        };
    }

    private static Expression NotNull(Expression e) =>
        e.Type.IsValueType && Nullable.GetUnderlyingType(e.Type) is null ? Expression.Constant(true) : Expression.NotEqual(e, Expression.Constant(null, e.Type));

    private static Expression CompareString(Expression s, string op, string v)
    {
        var c = Expression.Constant(v, typeof(string));
        Expression Call(string name) => Expression.AndAlso(NotNull(s), Expression.Call(s, typeof(string).GetMethod(name, [typeof(string)])!, c));
        Expression Cmp(ExpressionType t) => Expression.MakeBinary(t,
            Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, s, c), Expression.Constant(0));
        return op switch
        {
            "eq" => Expression.Equal(s, c),
            "ne" => Expression.NotEqual(s, c),
            "co" => Call(nameof(string.Contains)),
            "sw" => Call(nameof(string.StartsWith)),
            "ew" => Call(nameof(string.EndsWith)),
            "gt" => Expression.AndAlso(NotNull(s), Cmp(ExpressionType.GreaterThan)),
            "ge" => Expression.AndAlso(NotNull(s), Cmp(ExpressionType.GreaterThanOrEqual)),
            "lt" => Expression.AndAlso(NotNull(s), Cmp(ExpressionType.LessThan)),
            "le" => Expression.AndAlso(NotNull(s), Cmp(ExpressionType.LessThanOrEqual)),
            _ => throw ScimFilterParser.Invalid($"'{op}' is not a filter operator."),
        };
    }

    private static Expression CompareEquality(Expression s, string op, Expression c, string path) => op switch
    {
        "eq" => Expression.Equal(s, c),
        "ne" => Expression.NotEqual(s, c),
        _ => throw ScimFilterParser.Invalid($"'{path}' can only be compared with eq, ne or pr."),
    };

    private static Expression CompareOrdered(Expression s, string op, Expression c) => op switch
    {
        "eq" => Expression.Equal(s, c),
        "ne" => Expression.NotEqual(s, c),
        "gt" => Expression.GreaterThan(s, c),
        "ge" => Expression.GreaterThanOrEqual(s, c),
        "lt" => Expression.LessThan(s, c),
        "le" => Expression.LessThanOrEqual(s, c),
        _ => throw ScimFilterParser.Invalid($"'{op}' cannot compare instants."),
    };

    private static Expression CompareGuid(Expression s, string op, JsonValue value, string path)
    {
        if (op is not ("eq" or "ne")) throw ScimFilterParser.Invalid($"'{path}' can only be compared with eq, ne or pr.");
        if (!value.TryGetValue<string>(out var text)) throw ScimFilterParser.Invalid($"'{path}' is compared with a string.");
        // An id that is not one of ours matches nothing (eq) or everything (ne); it is not an error.
        if (!Guid.TryParse(text, out var g)) return Expression.Constant(op == "ne");
        return CompareEquality(s, op, Expression.Constant(g, s.Type), path);
    }

    public static string AsString(string path, JsonValue value, bool caseExact)
    {
        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            _ => throw ScimFilterParser.Invalid($"'{path}' is a string attribute: compare it with a quoted string."),
        };
        return caseExact ? text : text.ToUpperInvariant();
    }

    private static bool AsBool(string path, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var b) => b,
        _ => throw ScimFilterParser.Invalid($"'{path}' is a boolean: compare it with true or false."),
    };

    private static DateTime AsDate(string path, JsonValue value) =>
        value.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
            ? d.UtcDateTime
            : throw ScimFilterParser.Invalid($"'{path}' is an instant: compare it with an ISO 8601 string.");

    private Expression Rebind(LambdaExpression lambda) => new Rebinder(lambda.Parameters[0], x).Visit(lambda.Body);

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
