using System.Net;
using System.Text.Json;

namespace PdE.Host.Tests.Journeys;

/// <summary>The request form's company autocomplete, served from the offline demo registry.</summary>
public sealed class CompanySuggestionsTests : SiteTests
{
    [Test]
    public async Task Suggests_establishments_to_an_anonymous_visitor_as_json()
    {
        var response = await App.CreateBrowserLikeClient().GetAsync("/demande/entreprises?q=boulangerie%20martin");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("registryUnavailable").GetBoolean(), Is.False);
        var suggestion = json.RootElement.GetProperty("suggestions").EnumerateArray().Single();
        Assert.That(
            (suggestion.GetProperty("siret").GetString(), suggestion.GetProperty("name").GetString(),
                suggestion.GetProperty("establishmentName").GetString(), suggestion.GetProperty("postcode").GetString(),
                suggestion.GetProperty("city").GetString(), suggestion.GetProperty("isOpen").GetBoolean()),
            Is.EqualTo(("73282932000074", "BOULANGERIE MARTIN", "AU PAIN DE JEANNE", "75011", "PARIS", true)));
    }

    [Test]
    public async Task Finds_an_establishment_by_a_siret_typed_with_spaces()
    {
        var suggestions = await SuggestionsAsync("398 612 473 00049");

        Assert.That(suggestions.Select(s => s.GetProperty("city").GetString()), Is.EqualTo(new[] { "DUNKERQUE" }));
    }

    [TestCase("")]
    [TestCase("bo")]
    [TestCase("zzz-inconnue")]
    public async Task Suggests_nothing_for_a_short_or_unknown_text(string q)
    {
        Assert.That(await SuggestionsAsync(q), Is.Empty);
    }

    [Test]
    public async Task Suggests_at_most_ten_establishments()
    {
        Assert.That(await SuggestionsAsync("rue"), Has.Count.EqualTo(10));
    }

    private async Task<List<JsonElement>> SuggestionsAsync(string q)
    {
        var response = await App.CreateClient().GetAsync($"/demande/entreprises?q={Uri.EscapeDataString(q)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("suggestions").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
