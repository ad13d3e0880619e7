using System.Net;
using System.Text;

namespace PdE.Host.Tests.Hardening;

/// <summary>
/// NUL and control characters, invalid UTF-8 and oversized fields on the forms, the searches and the partner API: a French
/// 400 (or the form's own error), never a 500, and the site keeps answering other users afterwards.
/// </summary>
public sealed class HostileInputTests : SiteTests
{
    private static readonly string[] Searches =
    [
        "/conseiller/sollicitations?q=a%00b", "/conseiller/besoins?q=a%00b", "/admin/comptes?q=a%00b", "/admin/annuaire?q=a%00b",
        "/admin/territoires?q=a%00b", "/conseiller/sollicitations?q=%1b%5b2J", "/conseiller/besoins/suivis?a%00=1",
    ];

    [TestCaseSource(nameof(Searches))]
    public async Task A_control_character_in_a_search_is_a_french_400(string path)
    {
        var admin = await App.SignedInClientAsync();

        var response = await admin.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        Assert.That((await PdEApplication.ParseAsync(response)).QuerySelector("h1")!.TextContent, Does.Contain("Requête invalide"));
    }

    [TestCase("Input.FullName", "Jeanne\0Martin")]
    [TestCase("Input.Email", "jeanne\0@exemple.fr")]
    [TestCase("Input.Phone", "06 12 34 56 78\u0007")]
    public async Task A_control_character_in_a_public_form_is_a_400_and_nothing_is_saved(string field, string value)
    {
        var client = App.CreateBrowserLikeClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin", ["Input.Email"] = "jeanne.hostile@exemple.fr", ["Input.Phone"] = "06 12 34 56 78",
        };
        fields[field] = value;

        var response = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Invalid_utf8_and_an_oversized_field_never_give_a_500()
    {
        var client = App.CreateBrowserLikeClient();
        var page = await PdEApplication.ParseAsync(await client.GetAsync("/sujets/autre-demande/demande"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // Bytes that are not UTF-8 (0xC3 0x28), as a broken client could send them.
        var bytes = Encoding.ASCII.GetBytes($"__RequestVerificationToken={Uri.EscapeDataString(token)}&Input.FullName=")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.ASCII.GetBytes("&Input.Email=jeanne.utf8%40exemple.fr&Input.Phone=0612345678")).ToArray();
        using var invalid = new ByteArrayContent(bytes);
        invalid.Headers.ContentType = new("application/x-www-form-urlencoded");
        var broken = await client.PostAsync("/sujets/autre-demande/demande", invalid);

        var huge = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = new string('a', 200_000), ["Input.Email"] = "jeanne.long@exemple.fr", ["Input.Phone"] = "0612345678",
        });

        Assert.That((int)broken.StatusCode, Is.LessThan(500), "invalid UTF-8");
        Assert.That((int)huge.StatusCode, Is.LessThan(500), "a 200,000-character name");
    }

    [Test]
    public async Task A_nul_in_the_partner_api_s_json_is_a_french_400_problem()
    {
        var admin = await App.SignedInClientAsync();
        var key = await PartnerApi.PartnerApiClient.CreateKeyAsync(App, admin, "Clé des caractères");
        var client = App.CreateClient();

        var response = await PartnerApi.PartnerApiClient.PostAsync(client, key,
            PartnerApi.PartnerApiClient.Body("jeanne.json@exemple.fr", body => body["description"] = "Nous voulons\u0000 recruter deux apprentis boulangers."));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("caractère de contrôle"));
    }

    [Test]
    public async Task After_a_burst_of_nul_bytes_the_site_still_answers_everyone()
    {
        var admin = await App.SignedInClientAsync();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => admin.GetAsync($"/conseiller/sollicitations?q=x%00{i}")));

        var searches = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => admin.GetAsync($"/conseiller/sollicitations?q=martin{i}")));

        Assert.That(searches.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
    }
}
