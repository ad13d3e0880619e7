using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin invites an advisor with a manager right, finds the account in the list, and re-sends the invitation.</summary>
public sealed class ManageUsersJourneyTests : SiteTests
{
    [Test]
    public async Task An_admin_invites_a_manager_who_gets_a_personal_expert_then_resends_the_invitation()
    {
        var client = await App.SignedInClientAsync();
        var invitePage = await PdEApplication.ParseAsync(await client.GetAsync("/admin/comptes/inviter"));
        var antenne = invitePage.QuerySelectorAll<IHtmlOptionElement>("#input-antenneid option").First(o => o.Text.Contains("CCI Paris", StringComparison.Ordinal));

        var invited = await PdEApplication.SubmitFormAsync(client, "/admin/comptes/inviter", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Inès Morel",
            ["Input.Email"] = "ines.morel@cci-paris-idf.example.fr",
            ["Input.AntenneId"] = antenne.Value,
            ["Input.IsManager"] = "true",
            ["Input.CreatePersonalExpert"] = "true",
        });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var list = await PdEApplication.ParseAsync(await client.GetAsync("/admin/comptes?etat=invitation-en-attente&q=morel"));
        var row = list.QuerySelector("tbody tr")!;
        Assert.That(row.TextContent, Does.Contain("Inès Morel").And.Contain("Invité").And.Contain("Responsable d’antenne"));

        var userPath = row.QuerySelector("a")!.GetAttribute("href")!;
        var user = await PdEApplication.ParseAsync(await client.GetAsync(userPath));
        Assert.That(user.QuerySelectorAll("h2 + ul a").Select(a => a.TextContent), Does.Contain("Inès Morel"), "the personal expert was created");
        Assert.That(user.QuerySelector<IHtmlInputElement>("input[name=ManagedAntenneIds]:checked")!.Id, Is.EqualTo($"responsable-{antenne.Value}"));

        var before = App.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == "ines.morel@cci-paris-idf.example.fr"));
        var form = user.QuerySelector<IHtmlFormElement>("form[action*='handler=Invite']")!;
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var resent = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "ines.morel@cci-paris-idf.example.fr")
            && App.Smtp.Messages.Count(x => x.To.Mailboxes.Any(a => a.Address == "ines.morel@cci-paris-idf.example.fr")) > Math.Max(before, 1));
        var after = await PdEApplication.ParseAsync(await client.GetAsync(userPath));
        Assert.That(after.QuerySelectorAll("table").Last().TextContent, Does.Contain("Invitation envoyée").And.Contain("Invitation"));
    }
}
