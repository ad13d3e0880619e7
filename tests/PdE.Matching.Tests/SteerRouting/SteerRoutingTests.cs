using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowExpertInbox;
using PdE.Matching.Features.ShowFollowedNeeds;
using PdE.Matching.Features.SteerRouting;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using PdE.Solicitations.Contracts;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.SteerRouting;

/// <summary>
/// The team steers routing: drafts until sent, each with why; unticked drafts dropped; any expert added, before sending
/// (a draft) or after (sent at once); a need on another subject; statuses set by hand; needs followed.
/// </summary>
public sealed class SteerRoutingTests
{
    private static readonly FoundExpert Helene = new(
        Guid.CreateVersion7(), "Hélène Durand", "helene.durand@cma-normandie.example.fr", false,
        Guid.CreateVersion7(), "CMA Rouen", Guid.CreateVersion7(), "CMA Normandie");

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        RoutingQueriesFake.Reset();
        MatchingTestHost.Clock.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task Valider_et_orienter_keeps_the_proposal_as_drafts_with_why_invisible_to_experts_and_tells_no_one()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var validated = Validated() with { SendAtOnce = false };

        await PublishAsync(validated);

        var routing = await SendAsync(new ShowRoutingQuery(validated.SolicitationId, Admin.UserId));
        var need = routing.Needs.Single();
        Assert.That(need.Sent, Is.False);
        Assert.That(need.Status, Is.EqualTo("no_expert"), "a need whose matches are all drafts has reached no one");
        Assert.That(need.Matches.Select(m => (m.ExpertName, m.SentAt, m.HasAccount)), Is.EqualTo(new[]
        {
            ("Bruno Petit", (DateTime?)null, (bool?)true), ("Camille Martin", null, true),
        }));
        Assert.That(need.Matches.Select(m => m.Explanation), Has.All.StartsWith("Couvre la commune 75111 par son antenne"),
            "each draft keeps routing's explanation");

        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.outbox_message"), Is.Zero, "no e-mail, no event before sending");
        var inbox = await SendAsync(new ShowExpertInboxQuery([Camille.ExpertId], InboxTab.Reception, 1));
        Assert.That(inbox.Needs, Is.Empty, "a draft is not in the expert's inbox");
    }

    [Test]
    public async Task Sending_sends_the_ticked_drafts_drops_the_others_and_queues_one_e_mail_each()
    {
        var (solicitationId, needId) = await DraftedAsync();
        var camille = await MatchOfAsync(needId, Camille.ExpertId);

        var result = await SendAsync(new SendDraftsCommand(solicitationId, [camille], "Équipe PdE"));

        Assert.That(result, Is.EqualTo(new RoutingResult(true, "Demande transmise à 1 conseiller, prévenu par e-mail.")));
        await using var connection = Connect();
        Assert.That(await connection.QueryAsync<(string, bool)>(
                "select expert_name, sent_at is not null from matching.match where need_id = @needId order by expert_name", new { needId }),
            Is.EqualTo(new[] { ("Camille Martin", true) }), "Bruno, unticked, is dropped");
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.need where id = @needId", new { needId }), Is.EqualTo("quo"));
        Assert.That(await OutboxTypesAsync(), Is.EquivalentTo(new[] { "MatchCreated", "NeedRouted" }));
    }

    [Test]
    public async Task Sending_with_a_need_left_without_any_ticked_expert_sends_nothing_and_says_which()
    {
        var (solicitationId, needId) = await DraftedAsync();

        var result = await SendAsync(new SendDraftsCommand(solicitationId, [], "Équipe PdE"));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Is.EqualTo("Le besoin « autre-demande » n’a aucun conseiller coché : cochez-en au moins un ou ajoutez-en un. Rien n’a été transmis."));
        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match where need_id = @needId and sent_at is null", new { needId }),
            Is.EqualTo(2), "the drafts are kept");
        Assert.That(await OutboxTypesAsync(), Is.Empty);
    }

    [Test]
    public async Task Sending_a_need_nobody_covers_is_refused_until_the_team_adds_someone()
    {
        var validated = Validated() with { SendAtOnce = false };
        await PublishAsync(validated);
        var needId = (await SendAsync(new ShowRoutingQuery(validated.SolicitationId, Admin.UserId))).Needs.Single().Need.Id;

        var refused = await SendAsync(new SendDraftsCommand(validated.SolicitationId, [], "Équipe PdE"));
        DirectoryQueriesFake.Experts = [Helene];
        var added = await SendAsync(new AddExpertToNeedCommand(validated.SolicitationId, needId, Helene.ExpertId, "Équipe PdE"));
        var helene = await MatchOfAsync(needId, Helene.ExpertId);
        var sent = await SendAsync(new SendDraftsCommand(validated.SolicitationId, [helene], "Équipe PdE"));

        Assert.That(refused.Succeeded, Is.False);
        Assert.That(added.Message, Is.EqualTo("Hélène Durand, CMA Normandie, a été ajouté à la proposition : transmettez pour lui envoyer le besoin."));
        Assert.That(sent.Succeeded, Is.True);
        var match = (await SendAsync(new ShowRoutingQuery(validated.SolicitationId, Admin.UserId))).Needs.Single().Matches.Single();
        Assert.That((match.ExpertName, match.AddedBy, match.HasAccount, match.SentAt is not null), Is.EqualTo(("Hélène Durand", "Équipe PdE", (bool?)false, true)));
        Assert.That(match.Explanation, Is.EqualTo("Ajouté à la main par Équipe PdE ; sans compte : recevra l’e-mail mais ne pourra pas répondre sur le site"));
    }

    [Test]
    public async Task An_expert_added_after_sending_receives_the_need_at_once_without_counting_the_need_twice()
    {
        var scenario = await RouteAsync();
        DirectoryQueriesFake.Experts = [Helene];
        await using var connection = Connect();
        await connection.ExecuteAsync("delete from matching.outbox_message");

        var result = await SendAsync(new AddExpertToNeedCommand(scenario.SolicitationId, scenario.NeedId, Helene.ExpertId, "Équipe PdE"));
        var again = await SendAsync(new AddExpertToNeedCommand(scenario.SolicitationId, scenario.NeedId, Helene.ExpertId, "Équipe PdE"));

        Assert.That(result.Message, Is.EqualTo("Hélène Durand, CMA Normandie, a été ajouté et a reçu le besoin par e-mail."));
        Assert.That(again, Is.EqualTo(new RoutingResult(false, "Hélène Durand est déjà sur ce besoin.")));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(new[] { "MatchCreated" }), "one more match, not one more routed need");
        var inbox = await SendAsync(new ShowExpertInboxQuery([Helene.ExpertId], InboxTab.Reception, 1));
        Assert.That(inbox.Needs.Select(n => n.NeedId), Is.EqualTo(new[] { scenario.NeedId }));
    }

    [Test]
    public async Task An_expert_of_another_request_s_need_or_unknown_to_the_directory_is_refused()
    {
        var (solicitationId, _) = await DraftedAsync();
        var other = await RouteAsync();
        DirectoryQueriesFake.Experts = [Helene];

        var foreignNeed = await SendAsync(new AddExpertToNeedCommand(solicitationId, other.NeedId, Helene.ExpertId, "Équipe PdE"));
        var unknown = await SendAsync(new AddExpertToNeedCommand(solicitationId, other.NeedId, Guid.NewGuid(), "Équipe PdE"));

        Assert.That(foreignNeed, Is.EqualTo(new RoutingResult(false, "Ce besoin n’existe pas pour cette demande : rechargez la page.")));
        Assert.That(unknown, Is.EqualTo(new RoutingResult(false, "Ce conseiller n’existe plus dans l’annuaire : relancez la recherche.")));
    }

    [Test]
    public async Task A_need_on_another_subject_gets_its_own_proposal_and_is_sent_with_the_first()
    {
        var (solicitationId, firstNeed) = await DraftedAsync();
        RoutingQueriesFake.Cover(Bruno);

        var added = await SendAsync(new AddNeedCommand(solicitationId, "financer-projet", "Équipe PdE"));
        var twice = await SendAsync(new AddNeedCommand(solicitationId, "financer-projet", "Équipe PdE"));
        var unknown = await SendAsync(new AddNeedCommand(solicitationId, "sujet-inconnu", "Équipe PdE"));

        Assert.That(added.Message, Is.EqualTo("Besoin « Financer un projet » ajouté avec 1 conseiller proposé : vérifiez puis transmettez."));
        Assert.That(twice, Is.EqualTo(new RoutingResult(false, "Cette demande a déjà un besoin « Financer un projet ».")));
        Assert.That(unknown, Is.EqualTo(new RoutingResult(false, "Choisissez le sujet du nouveau besoin dans la liste.")));

        var routing = await SendAsync(new ShowRoutingQuery(solicitationId, Admin.UserId));
        Assert.That(routing.Needs.Select(n => (n.Need.SubjectSlug, n.Need.CompanyName, n.Need.CommuneCode)), Is.EqualTo(new[]
        {
            ("autre-demande", "BOULANGERIE MARTIN", "75111"), ("financer-projet", "BOULANGERIE MARTIN", "75111"),
        }), "the new need carries the request's company and commune");
        var ticked = routing.Needs.SelectMany(n => n.Matches).Select(m => m.MatchId).ToList();

        var sent = await SendAsync(new SendDraftsCommand(solicitationId, ticked, "Équipe PdE"));

        Assert.That(sent.Message, Is.EqualTo("Demande transmise à 3 conseillers, prévenus par e-mail."));
        Assert.That(await OutboxTypesAsync(), Is.EquivalentTo(new[] { "MatchCreated", "MatchCreated", "MatchCreated", "NeedRouted", "NeedRouted" }));
        Assert.That(firstNeed, Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public async Task The_team_sets_any_sent_match_s_status_recorded_under_its_name_and_an_expert_cannot()
    {
        var scenario = await RouteAsync();

        var byAdmin = await SendAsync(new SetMatchStatusCommand(scenario.NeedId, scenario.CamilleMatch, MatchStatus.Done, Admin));
        var same = await SendAsync(new SetMatchStatusCommand(scenario.NeedId, scenario.CamilleMatch, MatchStatus.Done, Admin));
        var byExpert = await SendAsync(new SetMatchStatusCommand(scenario.NeedId, scenario.BrunoMatch, MatchStatus.Done, BrunoAgent));
        var bogus = await SendAsync(new SetMatchStatusCommand(scenario.NeedId, scenario.BrunoMatch, "annule", Admin));

        Assert.That(byAdmin, Is.EqualTo(new ChangeMatchStatusResult(true, "Statut de Camille Martin : « clôturé, aide proposée ».")));
        Assert.That(same.Succeeded, Is.False);
        Assert.That(byExpert, Is.EqualTo(new ChangeMatchStatusResult(false, "Seule l’équipe peut changer le statut d’une mise en relation.")));
        Assert.That(bogus, Is.EqualTo(new ChangeMatchStatusResult(false, "Choisissez le nouveau statut dans la liste.")));
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<(string, string, string)>(
                "select actor_name, from_status, to_status from matching.match_history where match_id = @CamilleMatch", scenario),
            Is.EqualTo(("Administrateur", "quo", "done")));
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.need where id = @NeedId", scenario), Is.EqualTo("done"));
    }

    [Test]
    public async Task A_draft_s_status_cannot_be_set_and_drafts_do_not_count_in_the_need_s_status()
    {
        var (solicitationId, needId) = await DraftedAsync();
        var camille = await MatchOfAsync(needId, Camille.ExpertId);
        var bruno = await MatchOfAsync(needId, Bruno.ExpertId);

        var draft = await SendAsync(new SetMatchStatusCommand(needId, camille, MatchStatus.TakingCare, Admin));
        await SendAsync(new SendDraftsCommand(solicitationId, [camille], "Équipe PdE"));
        await SendAsync(new SetMatchStatusCommand(needId, camille, MatchStatus.NotForMe, Admin));

        Assert.That(draft.Succeeded, Is.False);
        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match where id = @bruno", new { bruno }), Is.Zero);
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.need where id = @needId", new { needId }), Is.EqualTo("not_for_me"));
    }

    [Test]
    public async Task A_followed_need_is_in_the_team_member_s_list_until_unfollowed()
    {
        var scenario = await RouteAsync();

        await SendAsync(new FollowNeedCommand(scenario.SolicitationId, scenario.NeedId, Admin.UserId, Follow: true));
        await SendAsync(new FollowNeedCommand(scenario.SolicitationId, scenario.NeedId, Admin.UserId, Follow: true));
        var followed = await SendAsync(new ShowFollowedNeedsQuery(Admin.UserId));
        var otherMember = await SendAsync(new ShowFollowedNeedsQuery(Guid.NewGuid()));
        var unknown = await SendAsync(new FollowNeedCommand(scenario.SolicitationId, Guid.NewGuid(), Admin.UserId, Follow: true));
        var ofAnotherRequest = await SendAsync(new FollowNeedCommand(Guid.NewGuid(), scenario.NeedId, Admin.UserId, Follow: false));
        var stillFollowed = await SendAsync(new ShowFollowedNeedsQuery(Admin.UserId));
        await SendAsync(new FollowNeedCommand(scenario.SolicitationId, scenario.NeedId, Admin.UserId, Follow: false));

        Assert.That(followed.Select(f => (f.NeedId, f.CompanyName, f.Waiting)), Is.EqualTo(new[] { (scenario.NeedId, (string?)"BOULANGERIE MARTIN", 2) }));
        Assert.That(otherMember, Is.Empty);
        Assert.That(unknown.Succeeded, Is.False);
        Assert.That(ofAnotherRequest, Is.EqualTo(RoutingResult.Refused("Ce besoin n’appartient pas à cette demande : rechargez la page.")),
            "a need of another request than the page's is refused");
        Assert.That(stillFollowed.Select(f => f.NeedId), Is.EqualTo(new[] { scenario.NeedId }));
        Assert.That(await SendAsync(new ShowFollowedNeedsQuery(Admin.UserId)), Is.Empty);
    }

    [Test]
    public async Task The_register_rule_from_the_request_keeps_a_chamber_out_and_says_why()
    {
        var cma = RoutingQueriesFake.Expert("Hélène Durand", "helene@cma.example.fr", "CMA Paris", "CMA Île-de-France", "cma-idf");
        RoutingQueriesFake.Cover(Camille, cma);
        var validated = Validated() with { InRcs = true, InRm = false };

        await PublishAsync(validated);

        var need = (await SendAsync(new ShowRoutingQuery(validated.SolicitationId, Admin.UserId))).Needs.Single();
        Assert.That(need.Matches.Select(m => (m.ExpertName, m.SentAt is not null)), Is.EqualTo(new[] { ("Camille Martin", true) }));
        Assert.That(need.Proposal.Excluded.Select(e => e.Reason), Is.EqualTo(new[] { "CMA Île-de-France écartée : entreprise inscrite au RCS et non au RM" }));
    }

    [Test]
    public async Task With_nobody_of_the_subject_the_support_expert_is_proposed_and_sent_saying_so()
    {
        var support = RoutingQueriesFake.Expert("Sophie Support", "support@place-des-entreprises.example.fr", "Équipe nationale", "Place des Entreprises", "pde");
        RoutingQueriesFake.SupportExperts = [support];
        var validated = Validated();

        await PublishAsync(validated);

        var need = (await SendAsync(new ShowRoutingQuery(validated.SolicitationId, Admin.UserId))).Needs.Single();
        Assert.That(need.Proposal.UsedSupportFallback, Is.True);
        Assert.That(need.Matches.Single().Explanation, Does.StartWith("Conseiller support, proposé faute de conseiller retenu pour ce sujet"));
        Assert.That(need.Sent, Is.True);
    }

    /// <summary>A request validated with « Valider et orienter », its need proposed to Camille and Bruno as drafts.</summary>
    private static async Task<(Guid SolicitationId, Guid NeedId)> DraftedAsync()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var validated = Validated() with { SendAtOnce = false };
        await PublishAsync(validated);
        await using var connection = Connect();
        return (validated.SolicitationId, await connection.QuerySingleAsync<Guid>("select id from matching.need where solicitation_id = @SolicitationId", validated));
    }

    private static async Task<Guid> MatchOfAsync(Guid needId, Guid expertId)
    {
        await using var connection = Connect();
        return await connection.QuerySingleAsync<Guid>("select id from matching.match where need_id = @needId and expert_id = @expertId", new { needId, expertId });
    }

    private static async Task<List<string>> OutboxTypesAsync()
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<string>("select type from matching.outbox_message order by occurred_at, id"))
            .Select(t => t.Split(',')[0].Split('.')[^1]).ToList();
    }

    private static Task<bool> PublishAsync(SolicitationValidated validated) =>
        MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(validated);
            return true;
        });
}
