using System.Net;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// Issue 16: an agent whose search finds more needs than the inbox counts (Inbox:SearchCountCap, here 2, searching the needs'
/// index as for the busiest experts) reads the needs without counts, and is told why in French; a narrower search is counted.
/// </summary>
public sealed class ExpertInboxUncountedSearchTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inbox:SearchNeedsPast"] = "0",
        ["Inbox:SearchCountCap"] = "2",
    };

    [Test]
    public async Task A_search_past_the_cap_shows_its_needs_without_counts_and_says_why()
    {
        var connectionString = App.Database.ConnectionString;
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "FROMAGERIE DU JURA", TimeSpan.FromHours(3), description: "Exporter nos comtés en Suisse.");
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "CAVE DU RHÔNE", TimeSpan.FromHours(2), description: "Exporter nos vins au Japon.");
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "SCIERIE DES VOSGES", TimeSpan.FromHours(1), description: "Exporter nos planches en Belgique.");
        var camille = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");

        var response = await camille.GetAsync("/conseiller/besoins?q=exporter");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelectorAll("#besoins h3").Select(h => h.TextContent),
            Is.EqualTo(new[] { "FROMAGERIE DU JURA", "CAVE DU RHÔNE", "SCIERIE DES VOSGES" }), "the longest waiting first");
        Assert.That(page.QuerySelector("#non-comptes")?.TextContent, Does.Contain("Plus de 2 besoins contiennent ces mots : ils ne sont pas comptés"));
        Assert.That(page.QuerySelectorAll(".inbox-count"), Is.Empty, "no count on the tabs");
        Assert.That(page.QuerySelector("h2")!.TextContent.Trim(), Is.EqualTo("Boîte de réception"));
        Assert.That(page.QuerySelectorAll("#sujet option").Skip(1).Select(o => o.TextContent), Has.None.Contain("("), "the subjects without counts");

        var narrower = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller/besoins?q=exporter+japon"));
        Assert.That(narrower.QuerySelector("#non-comptes"), Is.Null);
        Assert.That(narrower.QuerySelector("#onglet-reception .inbox-count")!.TextContent, Is.EqualTo("1"));
        Assert.That(narrower.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "CAVE DU RHÔNE" }));
    }
}
