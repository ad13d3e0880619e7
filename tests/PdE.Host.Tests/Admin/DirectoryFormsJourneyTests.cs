using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin builds a new institution from the forms: institution, then an antenne, then an edit of it.</summary>
public sealed class DirectoryFormsJourneyTests : SiteTests
{
    [Test]
    public async Task An_admin_creates_an_institution_and_an_antenne_then_renames_the_antenne()
    {
        var client = await App.SignedInClientAsync();

        var institution = await PdEApplication.SubmitFormAsync(client, "/admin/annuaire/institutions/nouvelle", new Dictionary<string, string>
        {
            ["Input.Name"] = "Agence régionale de développement",
            ["Input.Slug"] = "ard",
            ["Input.Category"] = "collectivite",
        });
        Assert.That(institution.Headers.Location!.ToString(), Is.EqualTo("/admin/annuaire/institutions/ard"));
        var institutionPage = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/ard"));
        Assert.That(institutionPage.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("a été créée"));
        Assert.That(institutionPage.QuerySelectorAll("table").Last().TextContent, Does.Contain("Création").And.Contain("Collectivité territoriale"));

        var antenne = await PdEApplication.SubmitFormAsync(client, "/admin/annuaire/institutions/ard/antennes/nouvelle", new Dictionary<string, string>
        {
            ["Input.Name"] = "ARD Lille",
            ["Input.TerritorialLevel"] = "local",
            ["Input.CommuneCodes"] = "59350 59512",
        });
        var antennePath = antenne.Headers.Location!.ToString();
        var antennePage = await PdEApplication.ParseAsync(await client.GetAsync(antennePath));
        Assert.That(antennePage.QuerySelector("h1")!.TextContent, Is.EqualTo("ARD Lille"));
        Assert.That(antennePage.Body!.TextContent, Does.Contain("Nord (59) : 2 communes sur"));

        var refused = await PdEApplication.SubmitFormAsync(client, antennePath + "/modifier", new Dictionary<string, string>
        {
            ["Input.Name"] = "ARD Lille Métropole",
            ["Input.TerritorialLevel"] = "local",
            ["Input.CommuneCodes"] = "59350 Lille",
        });
        var form = await PdEApplication.ParseAsync(refused);
        Assert.That(form.QuerySelector("#input-communecodes-error")!.TextContent, Does.Contain("« Lille » n’est pas un code commune INSEE"));
        Assert.That(form.QuerySelector<IHtmlInputElement>("#input-name")!.Value, Is.EqualTo("ARD Lille Métropole"));

        var renamed = await PdEApplication.SubmitFormAsync(client, antennePath + "/modifier", new Dictionary<string, string>
        {
            ["Input.Name"] = "ARD Lille Métropole",
            ["Input.TerritorialLevel"] = "local",
        });
        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var renamedPage = await PdEApplication.ParseAsync(await client.GetAsync(antennePath));
        Assert.That(renamedPage.QuerySelector("h1")!.TextContent, Is.EqualTo("ARD Lille Métropole"));
        Assert.That(renamedPage.Body!.TextContent, Does.Contain("Nord (59) : 2 communes sur"), "an edit without codes keeps the territory");
    }
}
