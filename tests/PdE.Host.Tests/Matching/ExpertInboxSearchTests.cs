using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// The inbox's search reads what each match keeps of its need (the first 500 characters of its folded text) and the need's
/// whole text only beyond: a word anywhere in a long description is found, a SIREN typed with spaces finds its establishments,
/// and a need whose text changes is found by its new words.
/// </summary>
public sealed class ExpertInboxSearchTests : SiteTests
{
    private const string Path = "/conseiller/besoins";

    [Test]
    public async Task Every_word_is_found_wherever_it_stands_in_the_need()
    {
        var connectionString = App.Database.ConnectionString;
        var longDescription = string.Concat(Enumerable.Repeat("Nous fabriquons des meubles en chêne massif pour les particuliers. ", 12))
            + "Nous cherchons un financement participatif.";
        Assert.That(longDescription, Has.Length.GreaterThan(700));
        var furniture = await InboxNeeds.SendAsync(connectionString, "Camille Martin", "ÉBÉNISTERIE DU LONG TEXTE", TimeSpan.FromHours(1),
            description: longDescription);
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "BOULANGERIE COURTE", TimeSpan.FromHours(2),
            description: "Nous voulons exporter notre pain en Belgique.");
        var camille = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");

        Assert.That(await TitlesAsync(camille, "participatif"), Is.EqualTo(new[] { "ÉBÉNISTERIE DU LONG TEXTE" }), "a word past the first 500 characters");
        Assert.That(await TitlesAsync(camille, "PARTICIPATIF chene ebenisterie"), Is.EqualTo(new[] { "ÉBÉNISTERIE DU LONG TEXTE" }), "words from the whole text and the name");
        Assert.That(await TitlesAsync(camille, "participatif belgique"), Is.Empty, "every word must be found in the same need");
        Assert.That(await TitlesAsync(camille, "732 829 320"), Has.Count.EqualTo(2), "the SIREN of both, typed with spaces");
        Assert.That(await TitlesAsync(camille, "pain"), Is.EqualTo(new[] { "BOULANGERIE COURTE" }));

        // Should a need's text ever change, its matches follow (migration matching/0011's trigger).
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("update matching.need set description = 'Nous cherchons un local commercial.' where id = @NeedId", new { furniture.NeedId });
        }

        Assert.That(await TitlesAsync(camille, "local commercial"), Is.EqualTo(new[] { "ÉBÉNISTERIE DU LONG TEXTE" }));
        Assert.That(await TitlesAsync(camille, "participatif"), Is.Empty);
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client, string search)
    {
        var response = await client.GetAsync($"{Path}?q={Uri.EscapeDataString(search)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), search);
        IHtmlDocument page = await PdEApplication.ParseAsync(response);
        return page.QuerySelectorAll("#besoins h3").Select(h => h.TextContent).ToList();
    }
}
