using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using MimeKit;
using Npgsql;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// The need page as the place where experts and the team work a need together, over HTTP: an expert writes on the
/// discussion, the other expert gets the e-mail, the team joins and is answered; the timeline shows it all with the
/// closing comment; the company's other needs are listed; an expert the need was not sent to cannot write on it.
/// </summary>
public sealed class NeedDiscussionJourneyTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";
    private const string ThomasEmail = "thomas.nguyen@cci-paris-idf.example.fr";
    private const string AdminEmail = "admin@place-des-entreprises.example.fr";

    [Test]
    public async Task An_expert_writes_the_other_expert_and_the_team_get_it_by_email_and_the_timeline_shows_everything()
    {
        var needId = await NeedSentToAsync("Camille Martin", "Thomas Nguyen");
        var earlier = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE MARTIN", TimeSpan.FromDays(30), subject: "recruter");
        var notHers = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Thomas Nguyen", "BOULANGERIE MARTIN", TimeSpan.FromDays(20));
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);

        var page = await GetAsync(camille, $"/conseiller/besoins/{needId}");
        Assert.That(page.QuerySelectorAll("#autres-besoins a").Select(a => (a.GetAttribute("href"), a.TextContent)),
            Is.EqualTo(new[] { ((string?)$"/conseiller/besoins/{earlier.NeedId}", "Recruter un ou plusieurs salariés") }),
            "the company's other need sent to her, not the one sent to Thomas alone");

        // Bad input: said in French beside the field, what was typed is kept, nothing goes.
        var blank = await CommentAsync(camille, needId, "   ");
        Assert.That(blank.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PdEApplication.ParseAsync(blank)).QuerySelector("#message-erreur")!.TextContent, Is.EqualTo("Écrivez votre message avant de l’envoyer."));
        var tooLong = new string('a', 5001);
        var refused = await PdEApplication.ParseAsync(await CommentAsync(camille, needId, tooLong));
        Assert.That(refused.QuerySelector("#message-erreur")!.TextContent, Does.StartWith("Votre message compte 5\u202f001 caractères"));
        Assert.That(refused.QuerySelector<IHtmlTextAreaElement>("#message")!.Value, Is.EqualTo(tooLong), "the text typed is kept");

        var posted = await CommentAsync(camille, needId, "Thomas, je m’occupe du volet export.\r\nPouvez-vous voir la partie financement ?");
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(posted.Headers.Location!.OriginalString, Is.EqualTo($"/conseiller/besoins/{needId}#discussion"));
        var after = await GetAsync(camille, $"/conseiller/besoins/{needId}");
        Assert.That(after.QuerySelector("[role=status]")!.TextContent, Is.EqualTo("Message publié et envoyé par e-mail à 1 participant."));
        Assert.That(after.QuerySelectorAll("#historique > li").Last().TextContent,
            Does.Contain("Camille Martin (CCI Paris Île-de-France) a écrit :").And.Contain("Pouvez-vous voir la partie financement ?"));

        var toThomas = await App.Smtp.WaitForAsync(m => SentTo(m, ThomasEmail) && m.Subject!.StartsWith("Nouveau message", StringComparison.Ordinal));
        Assert.That(toThomas.Subject, Is.EqualTo("Nouveau message de Camille Martin sur le besoin de BOULANGERIE MARTIN"));
        Assert.That(toThomas.TextBody, Does.Contain("Bonjour Thomas Nguyen,").And.Contain("Pouvez-vous voir la partie financement ?")
            .And.Contain($"/conseiller/besoins/{needId}"));
        Assert.That(App.Smtp.Messages.Any(m => SentTo(m, AdvisorEmail) && m.Subject!.StartsWith("Nouveau message", StringComparison.Ordinal)), Is.False,
            "the author is not told of her own message");

        // The team joins; then Camille's reply reaches the admin too.
        var admin = await App.SignedInClientAsync();
        Assert.That((await CommentAsync(admin, needId, "L’équipe suit ce besoin.")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await App.Smtp.WaitForAsync(m => SentTo(m, AdvisorEmail) && m.TextBody!.Contains("L’équipe suit ce besoin.", StringComparison.Ordinal));
        Assert.That((await CommentAsync(camille, needId, "Bien noté, merci.")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var toAdmin = await App.Smtp.WaitForAsync(m => SentTo(m, AdminEmail) && m.TextBody!.Contains("Bien noté, merci.", StringComparison.Ordinal));
        Assert.That(toAdmin.TextBody, Does.Contain("Bonjour Administrateur de démonstration,"));

        // She takes it in charge and closes it with a comment: the timeline has every event, oldest first.
        await AnswerAsync(camille, needId, "Take");
        var longComment = new string('c', 1001);
        var refusedClosure = await AnswerAsync(camille, needId, "CloseWithHelp", ("AnswerComment", longComment));
        Assert.That(refusedClosure.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refusedPage = await PdEApplication.ParseAsync(refusedClosure);
        Assert.That(refusedPage.QuerySelector("[role=alert]")!.TextContent,
            Is.EqualTo("Le commentaire compte 1\u202f001 caractères : raccourcissez-le à 1\u202f000 caractères au plus. Rien n’a changé."));
        Assert.That(refusedPage.QuerySelector<IHtmlTextAreaElement>("textarea[name=AnswerComment]")!.Value, Is.EqualTo(longComment), "the comment typed is kept");
        var closed = await AnswerAsync(camille, needId, "CloseWithHelp", ("AnswerComment", "Mise en relation avec Team France Export."));
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var timeline = (await GetAsync(camille, $"/conseiller/besoins/{needId}")).QuerySelectorAll("#historique > li").Select(li => li.GetAttribute("data-kind")).ToList();
        Assert.That(timeline, Is.EqualTo(new[] { "Sent", "Comment", "Comment", "Comment", "Taken", "Closed" }));
        var last = (await GetAsync(admin, $"/conseiller/besoins/{needId}")).QuerySelectorAll("#historique > li").Last().TextContent;
        Assert.That(last, Does.Contain("Camille Martin (CCI Paris Île-de-France) a clôturé le besoin : aide proposée.")
            .And.Contain("Commentaire : Mise en relation avec Team France Export."));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QueryAsync<string>("select author_role from matching.need_comment where need_id = @needId order by created_at", new { needId }),
            Is.EqualTo(new[] { "expert", "team", "expert" }));
        Assert.That((await camille.GetAsync($"/conseiller/besoins/{notHers.NeedId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_expert_the_need_was_not_sent_to_cannot_write_on_it_by_forging_the_form()
    {
        var thomasOnly = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Thomas Nguyen", "SCIERIE DE THOMAS", TimeSpan.FromHours(3));
        var draft = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "FONDERIE BROUILLON", TimeSpan.FromHours(2), draft: true);
        var hers = await NeedSentToAsync("Camille Martin", siret: "41816609600069");
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        var form = (await GetAsync(camille, $"/conseiller/besoins/{hers}")).QuerySelector<IHtmlFormElement>("#discussion")!;
        var token = form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;

        foreach (var needId in new[] { thomasOnly.NeedId, draft.NeedId, Guid.NewGuid() })
        {
            var forged = await camille.PostAsync($"/conseiller/besoins/{needId}?handler=Comment", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["CommentText"] = "Je ne devrais pas pouvoir écrire ici.",
                ["__RequestVerificationToken"] = token,
            }));
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"need {needId}");
        }

        var withoutToken = await camille.PostAsync($"/conseiller/besoins/{hers}?handler=Comment",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["CommentText"] = "Sans jeton." }));
        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need_comment"), Is.Zero, "nothing stored");
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "select count(*) from matching.outbox_message where type like 'PdE.Matching.Contracts.NeedCommentPosted,%'"), Is.Zero, "nobody told");
    }

    /// <summary>A need of the demo bakery (or of <paramref name="siret"/>) sent now to the given demo experts (its request is not on the triage desk).</summary>
    private async Task<Guid> NeedSentToAsync(string expert, string? otherExpert = null, string siret = "73282932000074")
    {
        var experts = otherExpert is null ? new[] { expert } : [expert, otherExpert];
        var needId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, description, status, created_at)
            values (@needId, gen_random_uuid(), 'export', @siret, 'BOULANGERIE MARTIN', '75111', 'Nous voulons vendre en Belgique.', 'quo', now());

            insert into matching.match (id, need_id, expert_id, expert_name, expert_email, antenne_name, institution_name, created_at, sent_at)
            select gen_random_uuid(), @needId, e.id, e.full_name, e.email, a.name, i.name, now(), now()
            from directory.expert e join directory.antenne a on a.id = e.antenne_id join directory.institution i on i.id = a.institution_id
            where e.full_name = any(@experts) and e.deleted_at is null;
            """, new { needId, experts, siret });
        return needId;
    }

    /// <summary>Fills the discussion form of the need page with <paramref name="text"/> and posts it.</summary>
    private static async Task<HttpResponseMessage> CommentAsync(HttpClient client, Guid needId, string text)
    {
        var page = await GetAsync(client, $"/conseiller/besoins/{needId}");
        var form = page.QuerySelector<IHtmlFormElement>("#discussion") ?? throw new AssertionException("no discussion form on the need page");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        values["CommentText"] = text;
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    /// <summary>Presses the button of <paramref name="handler"/> in the agent's answer form, with the form's fields and <paramref name="fields"/>.</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, Guid needId, string handler, params (string Name, string Value)[] fields)
    {
        var page = await GetAsync(client, $"/conseiller/besoins/{needId}");
        var form = page.QuerySelector<IHtmlFormElement>("form[method=post]") ?? throw new AssertionException("no answer form on the need page");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields)
        {
            Assert.That(form.QuerySelector($"[name={name}]"), Is.Not.Null, $"the answer form has a {name} field");
            values[name] = value;
        }

        var button = form.QuerySelectorAll<IHtmlButtonElement>("button[formaction]")
            .Single(b => b.GetAttribute("formaction")!.EndsWith($"handler={handler}", StringComparison.Ordinal));
        return await client.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(values));
    }

    private static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }

    private static bool SentTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));
}
