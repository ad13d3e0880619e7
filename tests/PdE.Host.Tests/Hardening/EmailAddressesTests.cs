using System.Net;

namespace PdE.Host.Tests.Hardening;

/// <summary>Every e-mail field refuses, in French, an address that could never be sent to.</summary>
public sealed class EmailAddressesTests : SiteTests
{
    [TestCase("x y@exemple.fr")]
    [TestCase("jeanne\u200F@exemple.fr")]
    [TestCase("jeanne@exemple")]
    public async Task The_public_form_refuses_an_address_no_server_would_take(string email)
    {
        var client = App.CreateBrowserLikeClient();

        var response = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = email,
            ["Input.Phone"] = "06 12 34 56 78",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("#input-email-error")?.TextContent, Is.EqualTo("Indiquez une adresse électronique valide, par exemple nom@domaine.fr."));
    }

    [Test]
    public async Task The_invitation_form_refuses_an_address_with_a_space()
    {
        var admin = await App.SignedInClientAsync();
        var form = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/comptes/inviter"));
        Assert.That(form.QuerySelector("form[method=post]"), Is.Not.Null, "the invitation form");
        var antenne = form.QuerySelector("select[name='Input.AntenneId'] option[value]:not([value=''])")?.GetAttribute("value") ?? "";

        var response = await PdEApplication.SubmitFormAsync(admin, "/admin/comptes/inviter", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Paul Durand",
            ["Input.Email"] = "paul durand@cci.fr",
            ["Input.AntenneId"] = antenne,
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PdEApplication.ParseAsync(response)).Body!.TextContent, Does.Contain("Indiquez une adresse électronique valide"));
    }
}
