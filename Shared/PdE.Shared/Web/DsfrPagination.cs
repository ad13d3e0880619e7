namespace PdE.Shared.Web;

/// <summary>A DSFR pagination bar; <paramref name="Query"/> is the rest of the query string (already escaped).</summary>
/// <param name="PreviousQuery">When set, « Page précédente » leads there instead of the previous page's number (a keyset
/// link: the page before the first item shown); the whole query string, already escaped.</param>
/// <param name="NextQuery">When set, « Page suivante » leads there (the page after the last item shown).</param>
public sealed record DsfrPagination(int Page, int PageCount, string Query, string? PreviousQuery = null, string? NextQuery = null)
{
    public string Link(int page) => "?" + string.Join('&', new[] { Query, $"page={page}" }.Where(p => p.Length > 0));

    public string PreviousLink => PreviousQuery is null ? Link(Page - 1) : "?" + PreviousQuery;

    public string NextLink => NextQuery is null ? Link(Page + 1) : "?" + NextQuery;

    /// <summary>Whether « Page précédente » leads anywhere (by default: this is not the first page).</summary>
    public bool HasPrevious { get; init; } = Page > 1;

    /// <summary>Whether « Page suivante » leads anywhere (by default: this is not the last page).</summary>
    public bool HasNext { get; init; } = Page < PageCount;
}
