namespace AccessControl.Web.Features.Common;

/// <summary>A page of a list: <c>{ "items": [...], "total": N }</c> (api.md).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public readonly record struct PageRequest(int Offset, int Limit)
{
    public const int MaxLimit = 1000;
    public const int DefaultLimit = 100;

    public static PageRequest From(int? offset, int? limit)
    {
        var v = new Validator()
            .Check("offset", offset is < 0 ? "offset must be 0 or more." : null)
            .Check("limit", limit is < 1 or > MaxLimit ? $"limit must be between 1 and {MaxLimit}." : null);
        v.ThrowIfInvalid();
        return new PageRequest(offset ?? 0, limit ?? DefaultLimit);
    }
}

public static class PagingExtensions
{
    public static Page<T> ToPage<T>(this IEnumerable<T> items, PageRequest page)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        return new Page<T>(list.Skip(page.Offset).Take(page.Limit).ToList(), list.Count);
    }
}
