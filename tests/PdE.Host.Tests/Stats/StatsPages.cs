using System.Net;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Stats;

/// <summary>Reading a statistics page as a person does: its tiles' figures and its tables' rows.</summary>
internal static class StatsPages
{
    /// <summary>The tiles' figures, French spaces as plain ones (« 1 250 », « 67 % »).</summary>
    public static List<string> Tiles(IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".fr-tile__title").Select(t => t.TextContent.Trim().Replace('\u202f', ' ').Replace('\u00a0', ' '))];

    /// <summary>The first tile's figure as a number.</summary>
    public static int FirstTile(IHtmlDocument page) =>
        int.Parse(Tiles(page)[0].Replace(" ", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static List<List<string>> Rows(IHtmlDocument page, string table) =>
        [.. page.QuerySelectorAll($"#tableau-{table} tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToList())];

    public static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }
}
