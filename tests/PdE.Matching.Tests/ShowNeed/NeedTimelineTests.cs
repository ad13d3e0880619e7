using Dapper;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.PostNeedComment;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ShowNeed;

/// <summary>The need page's timeline (sendings, answers, messages in one list) and the company's other needs.</summary>
public sealed class NeedTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 12, 9, 0, 0, TimeSpan.Zero);

    private static readonly AgentViewer BrunoManager = new(Guid.CreateVersion7(), "Marc Durand", [], false)
    {
        Perimeter = [new ManagedAntenne(Bruno.AntenneId, "Bpifrance Paris", [Bruno.ExpertId])],
    };

    private static TestClock Clock => MatchingTestHost.Clock;

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        SolicitationsQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
        Clock.Set(Start);
    }

    [TearDown]
    public void ResetClock() => Clock.Reset();

    [Test]
    public async Task Sendings_answers_with_their_reasons_and_comments_and_messages_make_one_timeline_oldest_first()
    {
        var need = await RouteAsync();
        await AfterAnHourAsync(() => need.AnswerAsync(need.BrunoMatch, MatchAnswer.Take, BrunoAgent));
        await AfterAnHourAsync(() => SendAsync(new PostNeedCommentCommand(need.NeedId, "Bruno, tenez-moi au courant.\nMerci !", CamilleAgent)));
        await AfterAnHourAsync(() => SendAsync(new ChangeMatchStatusCommand(need.NeedId, need.BrunoMatch, MatchAnswer.CloseWithHelp, BrunoAgent, " Prêt d’honneur proposé. ")));
        await AfterAnHourAsync(() => SendAsync(new DeclineMatchesCommand([need.CamilleMatch], "Hors de mon périmètre.", CamilleAgent)));
        await AfterAnHourAsync(() => need.AnswerAsync(need.BrunoMatch, MatchAnswer.Undo, BrunoAgent));

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details!.Timeline.Select(e => (e.Kind, e.Summary, e.Quote)), Is.EqualTo(new (NeedEventKind, string, string?)[]
        {
            (NeedEventKind.Sent, "Besoin transmis à 2 conseillers : Bruno Petit (Bpifrance Paris), Camille Martin (CCI Paris).", null),
            (NeedEventKind.Taken, "Bruno Petit (Bpifrance Paris) a pris en charge le besoin.", null),
            (NeedEventKind.Comment, "Camille Martin (CCI Paris) a écrit :", "Bruno, tenez-moi au courant.\nMerci !"),
            (NeedEventKind.Closed, "Bruno Petit (Bpifrance Paris) a clôturé le besoin : aide proposée.", "Prêt d’honneur proposé."),
            (NeedEventKind.Declined, "Camille Martin (CCI Paris) a refusé le besoin.", "Hors de mon périmètre."),
            (NeedEventKind.Undone, "Bruno Petit (Bpifrance Paris) a rouvert le besoin (clôture annulée).", null),
        }));
        Assert.That(details.Timeline.Select(e => e.OccurredAt), Is.EqualTo(Enumerable.Range(0, 6).Select(h => Start.UtcDateTime.AddHours(h))));
        Assert.That(details.Comments.Single().AuthorName, Is.EqualTo("Camille Martin"));
    }

    [Test]
    public async Task A_closing_comment_is_optional_and_too_long_a_one_changes_nothing()
    {
        var need = await RouteAsync();
        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);

        var tooLong = await SendAsync(new ChangeMatchStatusCommand(need.NeedId, need.CamilleMatch, MatchAnswer.CloseUnreachable, CamilleAgent,
            new string('x', ChangeMatchStatusHandler.MaxCommentLength + 1)));
        Assert.That(tooLong, Is.EqualTo(new ChangeMatchStatusResult(false,
            "Le commentaire compte 1\u202f001 caractères : raccourcissez-le à 1\u202f000 caractères au plus. Rien n’a changé.")));
        await using (var connection = Connect())
        {
            Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo("taking_care"));
        }

        var blank = await SendAsync(new ChangeMatchStatusCommand(need.NeedId, need.CamilleMatch, MatchAnswer.CloseUnreachable, CamilleAgent, "  \r\n "));
        Assert.That(blank.Succeeded, Is.True, blank.Message);
        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));
        Assert.That(details!.Timeline[^1], Is.EqualTo(new NeedEvent(details.Timeline[^1].OccurredAt, NeedEventKind.Closed,
            "Camille Martin (CCI Paris) a clôturé le besoin : entreprise injoignable.", null, "done_not_reachable")));
    }

    [Test]
    public async Task An_answer_given_for_someone_else_names_both_and_an_expert_sent_later_shows_as_added()
    {
        var need = await RouteAsync();
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set sent_at = @Later where id = @BrunoMatch",
                new { need.BrunoMatch, Later = Start.UtcDateTime.AddDays(2) });
        }

        Clock.Advance(TimeSpan.FromDays(3));
        await need.AnswerAsync(need.BrunoMatch, MatchAnswer.Take, BrunoManager);

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, BrunoManager));

        Assert.That(details!.Timeline.Select(e => (e.Kind, e.Summary)), Is.EqualTo(new[]
        {
            (NeedEventKind.Sent, "Besoin transmis à 1 conseiller : Camille Martin (CCI Paris)."),
            (NeedEventKind.ExpertAdded, "Conseiller ajouté : Bruno Petit (Bpifrance Paris)."),
            (NeedEventKind.Taken, "Marc Durand, pour Bruno Petit (Bpifrance Paris), a pris en charge le besoin."),
        }));
    }

    [Test]
    public async Task Drafts_are_in_no_one_s_timeline_and_a_need_sent_to_nobody_says_so_to_admins()
    {
        var need = await RouteAsync();
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set sent_at = null where id = @BrunoMatch", need);
        }

        var camille = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));
        var admin = await SendAsync(new ShowNeedQuery(need.NeedId, Admin));
        Assert.That(camille!.Timeline.Select(e => e.Summary), Is.EqualTo(new[] { "Besoin transmis à 1 conseiller : Camille Martin (CCI Paris)." }));
        Assert.That(admin!.Timeline.Select(e => e.Summary), Is.EqualTo(camille.Timeline.Select(e => e.Summary)));
        Assert.That(admin.Matches, Has.Count.EqualTo(2), "the admin still sees the draft in the list of experts");

        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set sent_at = null where id = @CamilleMatch", need);
        }

        var recorded = await SendAsync(new ShowNeedQuery(need.NeedId, Admin));
        Assert.That(recorded!.Timeline.Select(e => (e.Kind, e.Summary)), Is.EqualTo(new[]
        {
            (NeedEventKind.Recorded, "Besoin enregistré : il n’a encore été transmis à aucun conseiller."),
        }));
    }

    [Test]
    public async Task Lists_the_company_s_other_needs_the_viewer_may_open_newest_first()
    {
        var need = await RouteAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        var sameCompany = await RouteAsync(Validated() with { SubjectSlug = "recruter" });
        Clock.Advance(TimeSpan.FromDays(1));
        var otherEstablishment = await RouteAsync(Validated() with { Siret = "73282932000082", SubjectSlug = "financer-projet" });
        Clock.Advance(TimeSpan.FromDays(1));
        var otherCompany = await RouteAsync(Validated("AUTRE ENTREPRISE") with { Siret = "41816609600069" });
        var withoutCompany = await RouteAsync(Validated() with { Siret = "", Company = null });
        await RouteAsync(Validated() with { Siret = "", Company = null });
        await using (var connection = Connect())
        {
            // Camille's match of the other establishment's need is a draft: she does not see that need.
            await connection.ExecuteAsync("update matching.match set sent_at = null where id = @CamilleMatch", otherEstablishment);
        }

        var camille = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));
        var bruno = await SendAsync(new ShowNeedQuery(need.NeedId, BrunoAgent));
        var manager = await SendAsync(new ShowNeedQuery(need.NeedId, BrunoManager));
        var admin = await SendAsync(new ShowNeedQuery(need.NeedId, Admin));

        Assert.That(camille!.OtherNeeds.Select(n => n.NeedId), Is.EqualTo(new[] { sameCompany.NeedId }));
        Assert.That(bruno!.OtherNeeds.Select(n => n.NeedId), Is.EqualTo(new[] { otherEstablishment.NeedId, sameCompany.NeedId }));
        Assert.That(manager!.OtherNeeds.Select(n => n.NeedId), Is.EqualTo(bruno.OtherNeeds.Select(n => n.NeedId)), "a manager sees what their experts were sent");
        Assert.That(admin!.OtherNeeds.Select(n => n.NeedId), Is.EqualTo(bruno.OtherNeeds.Select(n => n.NeedId)));
        Assert.That(bruno.OtherNeeds[0], Is.EqualTo(new OtherNeed(otherEstablishment.NeedId, "BOULANGERIE MARTIN", "73282932000082", "financer-projet",
            Start.UtcDateTime.AddDays(2), "quo")));
        Assert.That((await SendAsync(new ShowNeedQuery(otherCompany.NeedId, Admin)))!.OtherNeeds, Is.Empty);
        Assert.That((await SendAsync(new ShowNeedQuery(withoutCompany.NeedId, Admin)))!.OtherNeeds, Is.Empty, "projects without a company are not one company");
    }

    private static async Task AfterAnHourAsync<T>(Func<Task<T>> action)
    {
        Clock.Advance(TimeSpan.FromHours(1));
        await action();
    }
}
