using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AccessControl.Web.Features.Scim;

/// <summary>A parsed SCIM filter (RFC 7644 §3.4.2.2). Attribute paths are canonical: lower-case, core URNs removed,
/// the enterprise extension as <c>enterprise:department</c>.</summary>
public abstract record FilterNode;
public sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;
public sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;
public sealed record NotNode(FilterNode Inner) : FilterNode;
/// <summary><c>attr op value</c> or <c>attr pr</c> (Value null, Op "pr").</summary>
public sealed record CompareNode(string Path, string Op, JsonValue? Value) : FilterNode;
/// <summary><c>attr[filter]</c>, optionally followed by <c>.sub op value</c> (Entra: <c>emails[type eq "work"].value eq "x"</c>).</summary>
public sealed record ValuePathNode(string Attribute, FilterNode Filter, FilterNode? Then) : FilterNode;

/// <summary>Recursive-descent parser of the whole filter grammar; anything else is an <c>invalidFilter</c> error.</summary>
public sealed class ScimFilterParser
{
    public const int MaxLength = 4096;
    public const int MaxDepth = 32;
    private static readonly HashSet<string> CompareOps = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
    private readonly List<string> tokens;
    private int pos;
    private int depth;

    private ScimFilterParser(List<string> tokens) => this.tokens = tokens;

    public static FilterNode Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) throw Invalid("The filter is empty.");
        if (filter.Length > MaxLength) throw Invalid($"The filter is longer than {MaxLength} characters.");
        var p = new ScimFilterParser(Tokenize(filter));
        var node = p.ParseOr();
        if (p.pos < p.tokens.Count) throw Invalid($"Unexpected '{p.tokens[p.pos]}' in the filter.");
        return node;
    }

    private FilterNode ParseOr()
    {
        if (++depth > MaxDepth) throw Invalid($"The filter nests deeper than {MaxDepth} levels.");
        var left = ParseAnd();
        while (IsKeyword("or")) { pos++; left = new OrNode(left, ParseAnd()); }
        depth--;
        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (IsKeyword("and")) { pos++; left = new AndNode(left, ParseUnary()); }
        return left;
    }

    private FilterNode ParseUnary()
    {
        if (IsKeyword("not"))
        {
            pos++;
            Expect("(");
            var inner = ParseOr();
            Expect(")");
            return new NotNode(inner);
        }
        if (Peek() == "(")
        {
            pos++;
            var inner = ParseOr();
            Expect(")");
            return inner;
        }
        return ParseAttributeExpression();
    }

    private FilterNode ParseAttributeExpression()
    {
        var path = ParsePath(Next("an attribute name"));
        if (Peek() == "[")
        {
            pos++;
            if (path.Contains('.') && !path.StartsWith("enterprise:", StringComparison.Ordinal)) throw Invalid($"'{path}' cannot be followed by '['.");
            var inner = ParseOr();
            Expect("]");
            FilterNode? then = null;
            if (Peek() is { } t && t.StartsWith('.') && t.Length > 1)
            {
                pos++;
                var sub = CanonicalSub(t[1..]);
                then = ParseComparison($"{path}.{sub}");
            }
            return new ValuePathNode(path, inner, then);
        }
        return ParseComparison(path);
    }

    private FilterNode ParseComparison(string path)
    {
        var op = Next("an operator").ToLowerInvariant();
        if (op == "pr") return new CompareNode(path, "pr", null);
        if (!CompareOps.Contains(op)) throw Invalid($"'{op}' is not a filter operator (eq ne co sw ew gt ge lt le pr).");
        return new CompareNode(path, op, ParseValue(Next("a value")));
    }

    private static JsonValue? ParseValue(string token)
    {
        if (token.StartsWith('"')) return JsonValue.Create(token[1..^1]);
        switch (token.ToLowerInvariant())
        {
            case "true": return JsonValue.Create(true);
            case "false": return JsonValue.Create(false);
            case "null": return null;
        }
        if (decimal.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        throw Invalid($"'{token}' is not a value: use a quoted string, a number, true, false or null.");
    }

    /// <summary>Canonical attribute path: lower case, core schema URN removed, enterprise URN as <c>enterprise:</c>.</summary>
    public static string ParsePath(string raw)
    {
        var path = ScimSchemas.StripSchema(raw, out var enterprise);
        if (path.Length == 0) throw Invalid($"'{raw}' is not an attribute path.");
        var parts = path.Split('.');
        if (parts.Length > 2 || parts.Any(p => !IsAttrName(p))) throw Invalid($"'{raw}' is not an attribute path.");
        var canonical = string.Join('.', parts.Select(p => p.ToLowerInvariant()));
        return enterprise ? "enterprise:" + canonical : canonical;
    }

    private static string CanonicalSub(string s) => IsAttrName(s) ? s.ToLowerInvariant() : throw Invalid($"'{s}' is not a sub-attribute name.");

    private static bool IsAttrName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '$') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '$');

    private bool IsKeyword(string k) => Peek() is { } t && t.Equals(k, StringComparison.OrdinalIgnoreCase);
    private string? Peek() => pos < tokens.Count ? tokens[pos] : null;

    private string Next(string what) =>
        pos < tokens.Count ? tokens[pos++] : throw Invalid($"The filter ends where {what} was expected.");

    private void Expect(string token)
    {
        if (Peek() != token) throw Invalid(Peek() is null ? $"The filter ends where '{token}' was expected." : $"Expected '{token}' but found '{Peek()}'.");
        pos++;
    }

    /// <summary>Tokens: quoted strings (kept with their quotes, escapes resolved), ( ) [ ], and words (attribute paths,
    /// operators, literals); a word after ']' starting with '.' is the sub-attribute of a value path.</summary>
    private static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or '[' or ']') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '"')
            {
                var sb = new StringBuilder("\"");
                i++;
                while (true)
                {
                    if (i >= s.Length) throw Invalid("A quoted string in the filter is not closed.");
                    var ch = s[i++];
                    if (ch == '"') break;
                    if (ch == '\\')
                    {
                        if (i >= s.Length) throw Invalid("A quoted string in the filter is not closed.");
                        var e = s[i++];
                        switch (e)
                        {
                            case '"': case '\\': case '/': sb.Append(e); break;
                            case 'n': sb.Append('\n'); break;
                            case 't': sb.Append('\t'); break;
                            case 'r': sb.Append('\r'); break;
                            case 'b': sb.Append('\b'); break;
                            case 'f': sb.Append('\f'); break;
                            case 'u' when i + 4 <= s.Length && ushort.TryParse(s.AsSpan(i, 4), NumberStyles.HexNumber, null, out var u):
                                sb.Append((char)u); i += 4; break;
                            default: throw Invalid($"'\\{e}' is not a valid escape in a filter string.");
                        }
                    }
                    else sb.Append(ch);
                }
                tokens.Add(sb.Append('"').ToString());
                continue;
            }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('(' or ')' or '[' or ']' or '"')) i++;
            tokens.Add(s[start..i]);
        }
        return tokens;
    }

    internal static ScimException Invalid(string detail) => new(400, ScimErrorTypes.InvalidFilter, detail);
}
