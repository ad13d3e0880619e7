namespace PdE.Shared.Web;

/// <summary>A DSFR pagination bar; <paramref name="Query"/> is the rest of the query string (already escaped).</summary>
public sealed record DsfrPagination(int Page, int PageCount, string Query)
{
    public string Link(int page) => "?" + string.Join('&', new[] { Query, $"page={page}" }.Where(p => p.Length > 0));
}
