using System.Net;
using PdE.Host.Tests.PartnerApi;

namespace PdE.Host.Tests.Hardening;

/// <summary>
/// Issue 11 item 13, the limits: inventing partner keys buys no extra calls (they count against the caller's address until
/// a key has proved valid), and searching the company registry is limited per address, the suggestions and step 2's
/// search together, so that one flood cannot trip the registry's circuit breaker for every requester.
/// </summary>
public sealed class EdgeLimitsTests : SiteTests
{
    private const int PerMinute = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:PartnerApiPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:CompanySearchPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task Invented_keys_count_against_their_callers_address_while_a_valid_key_goes_on()
    {
        var admin = await App.SignedInClientAsync();
        var valid = await PartnerApiClient.CreateKeyAsync(App, admin, "Clé du partenaire");
        var client = App.CreateClient();
        var invalid = PartnerApiClient.Body("", body => body["subject"] = "");

        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call <= PerMinute; call++)
        {
            statuses.Add((await PartnerApiClient.PostAsync(client, $"pde_invente_{Guid.NewGuid():N}", invalid)).StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.Unauthorized, PerMinute).Append(HttpStatusCode.TooManyRequests)),
            "a new key each time, the same address");
        var limited = await PartnerApiClient.PostAsync(client, null, invalid);
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "no key: the same address limit");
        Assert.That((await PartnerApiClient.ProblemAsync(limited))["detail"]!.GetValue<string>(),
            Is.EqualTo($"Cette adresse a dépassé la limite de {PerMinute} demandes par minute sans clé valide : réessayez dans une minute."));
        Assert.That((await PartnerApiClient.PostAsync(client, valid, invalid)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest),
            "a valid key is counted apart from its address");
    }

    [Test]
    public async Task Company_searches_are_limited_per_address_suggestions_and_step_two_together()
    {
        var client = App.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>
        {
            (await client.GetAsync("/demande/entreprises?q=boulangerie")).StatusCode,
            (await client.GetAsync("/demande/entreprises?q=boulangerie%20martin")).StatusCode,
            (await client.GetAsync("/ma-demande/brouillon-inconnu/entreprise?recherche=boulangerie")).StatusCode,
        };
        var limited = await client.GetAsync("/demande/entreprises?q=menuiserie");
        var limitedStep = await client.GetAsync("/ma-demande/brouillon-inconnu/entreprise?recherche=menuiserie");

        Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limitedStep.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await PdEApplication.ParseAsync(limitedStep)).QuerySelector("h1")!.TextContent, Is.EqualTo("Trop de demandes"));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "other pages are not limited");
    }
}
