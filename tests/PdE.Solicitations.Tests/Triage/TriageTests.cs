using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;
using PdE.Matching.Contracts;
using PdE.Solicitations.Features.Triage.TriageSolicitations;
using PdE.Solicitations.Tests.Fakes;

namespace PdE.Solicitations.Tests.Triage;

/// <summary>The team's triage desk: states, actions one by one and in bulk, the timeline, the warning flags and the filters.</summary>
public sealed class TriageTests
{
    private const string Bakery = "73282932000074";
    private const string Team = "Léa Dubois";
    private static readonly DateTime Now = DateTime.UtcNow;

    [SetUp]
    public async Task ResetAsync()
    {
        MatchingQueriesFake.Reset();
        await SolicitationsTestHost.Host.ResetAsync();
    }

    // States at submission

    [Test]
    public async Task A_blocked_sender_is_stored_blocked_with_the_reason_and_nothing_is_emitted()
    {
        await ExecuteAsync("""
            insert into solicitations.blocked_sender (id, kind, value, reason, created_by)
            values (gen_random_uuid(), 'siret', @Bakery, 'Démarchage commercial répété', 'admin')
            """, new { Bakery });
        var started = await SendAsync(new StartSolicitationCommand("financer-projet", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", Tracking.From(null, null, null, null)));
        await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));

        Assert.That(await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous voulons acheter un nouveau four à pain.", null, [])), Is.True);

        var (status, reason) = await QuerySingleAsync<(string, string)>("select status, blocked_reason from solicitations.solicitation where id = @Id", new { started.Id });
        Assert.That((status, reason), Is.EqualTo(("blocked", "Démarchage commercial répété")));
        Assert.That(await QuerySingleAsync<long>("select count(*) from solicitations.outbox_message"), Is.Zero);
        var page = await SendAsync(new ListSolicitationsQuery("blocked", new TriageFilter()));
        Assert.That(page.Cards.Select(c => (c.Id, c.BlockedReason)), Is.EqualTo(new[] { (started.Id, (string?)"Démarchage commercial répété") }));
        Assert.That((page.Counts["blocked"], page.Counts["received"]), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task A_sender_not_on_the_blocklist_is_received_and_submitted()
    {
        var started = await SendAsync(new StartSolicitationCommand("financer-projet", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", Tracking.From(null, null, null, null)));
        await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));
        await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous voulons acheter un nouveau four à pain.", null, []));

        Assert.That(await QuerySingleAsync<string>("select status from solicitations.solicitation where id = @Id", new { started.Id }), Is.EqualTo("received"));
        Assert.That(await OutboxTypesAsync(), Is.EquivalentTo(new[] { "SolicitationSubmitted", "FollowUpLinkIssued" }), "submitted, and the requester gets the follow-up link");
    }

    // Release of a request set aside

    [Test]
    public async Task Releasing_a_request_set_aside_makes_it_received_records_who_and_emits_what_a_sender_gets()
    {
        var id = await InsertAsync(status: "blocked", blockedReason: "Démarchage commercial répété");

        var result = await SendAsync(new ReleaseSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That(result, Is.EqualTo(new TriageResult(true, "1 demande remise dans les reçues.")));
        var (status, reason) = await QuerySingleAsync<(string, string?)>("select status, blocked_reason from solicitations.solicitation where id = @Id", new { Id = id });
        Assert.That((status, reason), Is.EqualTo(("received", (string?)null)));
        Assert.That(await TimelineAsync(id), Is.EqualTo(new[] { ("released", Team, (string?)"mise de côté pour « Démarchage commercial répété »") }));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(new[] { "SolicitationSubmitted", "FollowUpLinkIssued" }), "the requester now gets the follow-up link");
        Assert.That(await QuerySingleAsync<bool>("select follow_up_token_hash is not null from solicitations.solicitation where id = @Id", new { Id = id }));
        var card = (await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()))).Cards.Single();
        Assert.That((card.Id, card.Timeline.Single().Label), Is.EqualTo((id, "Remise dans les reçues")));

        Assert.That((await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)))).Succeeded, Is.True, "then validated normally");
        Assert.That(await QuerySingleAsync<string>("select status from solicitations.solicitation where id = @Id", new { Id = id }), Is.EqualTo("validated"));
    }

    [Test]
    public async Task Releasing_is_refused_whole_when_a_ticked_request_is_not_set_aside()
    {
        var blocked = await InsertAsync(status: "blocked", blockedReason: "Spam");
        var received = await InsertAsync(email: "paul@garage.fr");

        var result = await SendAsync(new ReleaseSolicitationsCommand(new TriageSelection([blocked, received], Team)));

        Assert.That(result, Is.EqualTo(TriageResult.Refused("1 des demandes cochées ne sont pas mises de côté : rien n’a été fait. Décochez-les et recommencez.")));
        Assert.That(await QuerySingleAsync<string>("select status from solicitations.solicitation where id = @Id", new { Id = blocked }), Is.EqualTo("blocked"));
        Assert.That(await OutboxTypesAsync(), Is.Empty);
        Assert.That((await SendAsync(new ReleaseSolicitationsCommand(new TriageSelection([received], Team)))).Message,
            Is.EqualTo("Cette demande n’est pas mise de côté : il n’y a rien à remettre dans les reçues. Rien n’a été fait."));
    }

    [Test]
    public async Task Releasing_in_bulk_releases_every_ticked_request()
    {
        var ids = new[] { await InsertAsync(status: "blocked", blockedReason: "Spam"), await InsertAsync(email: "paul@garage.fr", status: "blocked", blockedReason: "Spam") };

        var result = await SendAsync(new ReleaseSolicitationsCommand(new TriageSelection(ids, Team)));

        Assert.That(result.Message, Is.EqualTo("2 demandes remises dans les reçues."));
        Assert.That(await QuerySingleAsync<long>("select count(*) from solicitations.solicitation where status = 'received'"), Is.EqualTo(2));
    }

    // Validation

    [Test]
    public async Task Validating_emits_SolicitationValidated_with_commune_and_company_facts_and_records_it()
    {
        var id = await InsertAsync(siret: Bakery, commune: "75111", nafCode: "10.71C");

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That(result, Is.EqualTo(new TriageResult(true, "1 demande validée et transmise aux conseillers.")));
        Assert.That(await QuerySingleAsync<string>("select status from solicitations.solicitation where id = @Id and validated_at is not null", new { Id = id }),
            Is.EqualTo("validated"));
        var payload = await PayloadAsync("SolicitationValidated");
        var root = payload.RootElement;
        Assert.That((root.GetProperty("solicitationId").GetGuid(), root.GetProperty("subjectSlug").GetString(), root.GetProperty("siret").GetString(),
                root.GetProperty("communeCode").GetString(), root.GetProperty("company").GetProperty("name").GetString(),
                root.GetProperty("company").GetProperty("nafCode").GetString(), root.GetProperty("description").GetString()),
            Is.EqualTo((id, "financer-projet", Bakery, "75111", "BOULANGERIE MARTIN", "10.71C", "Nous voulons acheter un four à pain neuf.")));
        // Matching keeps these on the need and describes the company from them: nobody asks Solicitations again.
        Assert.That((root.GetProperty("company").GetProperty("headcountBracket").GetString(), root.GetProperty("company").GetProperty("createdOn").GetString()),
            Is.EqualTo(("03", "2012-03-15")));
        Assert.That(await TimelineAsync(id), Is.EqualTo(new[] { ("validated", Team, (string?)null) }));
    }

    [Test]
    public async Task The_yes_no_answers_show_on_the_card_and_travel_to_Matching_with_the_validation()
    {
        var id = await InsertAsync();
        await ExecuteAsync("""
            update solicitations.solicitation
            set answers = '[{"slug": "pret-bancaire", "question": "Avez-vous déjà un financement bancaire ?", "answer": true},
                            {"slug": "expert-comptable", "question": "Avez-vous un expert-comptable ?", "answer": null}]'
            where id = @id
            """, new { id });

        Assert.That((await CardsAsync())[id].Answers.Select(a => (a.Question, a.Answer)), Is.EqualTo(new[]
        {
            ("Avez-vous déjà un financement bancaire ?", (bool?)true), ("Avez-vous un expert-comptable ?", null),
        }));
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));
        var answers = (await PayloadAsync("SolicitationValidated")).RootElement.GetProperty("answers");
        Assert.That((answers[0].GetProperty("question").GetString(), answers[0].GetProperty("answer").GetBoolean(), answers.GetArrayLength()),
            Is.EqualTo(("Avez-vous déjà un financement bancaire ?", true, 2)));
    }

    [Test]
    public async Task Validating_in_bulk_is_refused_whole_when_one_request_is_no_longer_received()
    {
        var first = await InsertAsync();
        var second = await InsertAsync(email: "paul@garage.fr");
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([second], Team)));

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([first, second], Team)));

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Is.EqualTo("1 des demandes cochées ne sont plus à traiter (déjà mises en relation, abandonnées ou mises de côté) : rien n’a été fait. Décochez-les et recommencez."));
        Assert.That(await QuerySingleAsync<string>("select status from solicitations.solicitation where id = @Id", new { Id = first }), Is.EqualTo("received"));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(new[] { "SolicitationValidated" }), "only the first validation emitted");
        Assert.That((await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([], Team)))).Message, Is.EqualTo("Cochez au moins une demande."));
    }

    [Test]
    public async Task Validating_in_bulk_validates_every_ticked_request()
    {
        var ids = new[] { await InsertAsync(), await InsertAsync(email: "paul@garage.fr"), await InsertAsync(email: "zoe@atelier.fr") };

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection(ids, Team)));

        Assert.That(result.Message, Is.EqualTo("3 demandes validées et transmises aux conseillers."));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(Enumerable.Repeat("SolicitationValidated", 3)));
        Assert.That(await QuerySingleAsync<long>("select count(*) from solicitations.solicitation_event where action = 'validated'"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_request_no_expert_covers_is_not_validated_but_left_to_route_with_the_reason()
    {
        var id = await InsertAsync(subject: "recruter", commune: "76351");
        PreviewRouting? asked = null;
        MatchingQueriesFake.Answer = query =>
        {
            asked = query;
            return new RoutingPreview(0, [], "Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : Le Havre (76).");
        };

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That(result, Is.EqualTo(TriageResult.Refused(
            "Demande laissée « À orienter » : Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : Le Havre (76). Elle n’a été transmise à personne.")));
        Assert.That(asked! with { Answers = null }, Is.EqualTo(new PreviewRouting("recruter", "76351", new DateOnly(2012, 3, 15), "03", "10.71C", "5499")), "routing is asked with the company’s facts");
        Assert.That(asked.Answers, Is.Empty, "and the answers (none here)");
        Assert.That(await QuerySingleAsync<(string, string)>("select status, to_route_reason from solicitations.solicitation where id = @Id", new { Id = id }),
            Is.EqualTo(("received", "Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : Le Havre (76).")));
        Assert.That(await OutboxTypesAsync(), Is.Empty, "nothing is routed");
        Assert.That(await TimelineAsync(id), Is.EqualTo(new[] { ("to_route", Team, (string?)"Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : Le Havre (76).") }));
        var card = (await CardsAsync())[id];
        Assert.That(card.ToRouteReason, Does.StartWith("Aucun conseiller"));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "a-orienter")), Is.EqualTo(new[] { id }));
    }

    [Test]
    public async Task Validating_in_bulk_sends_the_covered_requests_and_leaves_the_others_to_route()
    {
        var covered = await InsertAsync();
        var uncovered = await InsertAsync(email: "paul@garage.fr", subject: "recruter");
        var alsoUncovered = await InsertAsync(email: "zoe@atelier.fr", subject: "recruter");
        MatchingQueriesFake.Answer = query => query.SubjectSlug == "recruter" ? new RoutingPreview(0, [], "Aucun conseiller.") : MatchingQueriesFake.TwoExperts;

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([covered, uncovered, alsoUncovered], Team)));

        Assert.That(result, Is.EqualTo(TriageResult.Done(
            "1 demande validée et transmise aux conseillers. 2 demandes laissées « À orienter » : aucun conseiller ne les couvre (le motif est sur chaque demande).")));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(new[] { "SolicitationValidated" }));
        Assert.That(await QueryAsync<string>("select status from solicitations.solicitation order by status"), Is.EqualTo(new[] { "received", "received", "validated" }));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "a-orienter")), Is.EquivalentTo(new[] { uncovered, alsoUncovered }));
    }

    [Test]
    public async Task A_request_left_to_route_is_validated_once_an_expert_covers_it_and_loses_its_flag()
    {
        var id = await InsertAsync(subject: "recruter");
        MatchingQueriesFake.Answer = _ => new RoutingPreview(0, [], "Aucun conseiller.");
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));
        MatchingQueriesFake.Reset();

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That(result, Is.EqualTo(new TriageResult(true, "1 demande validée et transmise aux conseillers.")));
        Assert.That(await QuerySingleAsync<(string, string?)>("select status, to_route_reason from solicitations.solicitation where id = @Id", new { Id = id }),
            Is.EqualTo(("validated", (string?)null)));
        Assert.That((await TimelineAsync(id)).Select(e => e.Item1), Is.EqualTo(new[] { "to_route", "validated" }));
    }

    [Test]
    public async Task Valider_et_orienter_validates_even_a_request_nobody_covers_without_sending_it_for_the_team_to_route_by_hand()
    {
        var id = await InsertAsync(subject: "recruter");
        MatchingQueriesFake.Answer = _ => new RoutingPreview(0, [], "Aucun conseiller.");
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));
        var asked = false;
        MatchingQueriesFake.Answer = _ => { asked = true; return new RoutingPreview(0, [], "Aucun conseiller."); };

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team), SendAtOnce: false));

        Assert.That(result, Is.EqualTo(new TriageResult(true, "1 demande validée : choisissez ses conseillers puis transmettez-la.")));
        Assert.That(asked, Is.False, "the team chooses the experts on the routing page: no preview decides");
        Assert.That(await QuerySingleAsync<(string, string?)>("select status, to_route_reason from solicitations.solicitation where id = @Id", new { Id = id }),
            Is.EqualTo(("validated", (string?)null)));
        Assert.That((await PayloadAsync("SolicitationValidated")).RootElement.GetProperty("sendAtOnce").GetBoolean(), Is.False);
    }

    [Test]
    public async Task The_registers_found_for_the_company_go_to_the_preview_and_to_Matching()
    {
        var id = await InsertAsync();
        await ExecuteAsync("update solicitations.solicitation set in_rcs = true, in_rm = false where id = @Id", new { Id = id });
        PreviewRouting? asked = null;
        MatchingQueriesFake.Answer = query => { asked = query; return MatchingQueriesFake.TwoExperts; };

        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That((asked!.InRcs, asked.InRm), Is.EqualTo(((bool?)true, (bool?)false)));
        var payload = (await PayloadAsync("SolicitationValidated")).RootElement;
        Assert.That((payload.GetProperty("inRcs").GetBoolean(), payload.GetProperty("inRm").GetBoolean(), payload.GetProperty("sendAtOnce").GetBoolean()),
            Is.EqualTo((true, false, true)));
    }

    [Test]
    public async Task A_request_only_the_support_expert_covers_is_sent_and_the_desk_says_so()
    {
        var id = await InsertAsync();
        MatchingQueriesFake.Answer = _ => new RoutingPreview(1, ["Place des Entreprises"], null, UsedSupportFallback: true);

        var result = await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That(result, Is.EqualTo(new TriageResult(true,
            "1 demande validée et transmise aux conseillers. Aucun conseiller du sujet ne convenait : elle a été transmise au conseiller support.")));
    }

    [Test]
    public async Task A_request_every_expert_declined_is_flagged_for_the_team_and_one_still_open_is_not()
    {
        var declined = await InsertAsync(status: "validated");
        var stillOpen = await InsertAsync(email: "paul@garage.fr", status: "validated");
        var notSent = await InsertAsync(email: "zoe@atelier.fr");
        foreach (var (id, status) in new[] { (declined, "not_for_me"), (declined, "not_for_me"), (stillOpen, "not_for_me"), (stillOpen, "quo") })
        {
            await ExecuteAsync("""
                insert into solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at, status)
                values (gen_random_uuid(), @id, 'CCI Paris Île-de-France', now(), @status)
                """, new { id, status });
        }

        var cards = (await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter()))).Cards.ToDictionary(c => c.Id);

        Assert.That((cards[declined].AllDeclined, cards[stillOpen].AllDeclined), Is.EqualTo((true, false)));
        Assert.That((await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter(Flag: "tous-ont-refuse")))).Cards.Select(c => c.Id),
            Is.EqualTo(new[] { declined }));
        Assert.That((await CardsAsync())[notSent].AllDeclined, Is.False, "a request sent to nobody yet is not « tous ont refusé »");
    }

    [Test]
    public async Task A_validated_request_no_expert_has_received_yet_is_flagged_to_send_until_a_match_reaches_the_follow_up()
    {
        var waiting = await InsertAsync(status: "validated");
        var sent = await InsertAsync(email: "paul@garage.fr", status: "validated");
        var received = await InsertAsync(email: "zoe@atelier.fr");
        await ExecuteAsync("""
            insert into solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at, status)
            values (gen_random_uuid(), @sent, 'CCI Paris Île-de-France', now(), 'quo')
            """, new { sent });

        var cards = (await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter()))).Cards.ToDictionary(c => c.Id);

        Assert.That((cards[waiting].NotSent, cards[sent].NotSent), Is.EqualTo((true, false)));
        Assert.That((await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter(Flag: "a-transmettre")))).Cards.Select(c => c.Id),
            Is.EqualTo(new[] { waiting }));
        Assert.That((await CardsAsync())[received].NotSent, Is.False, "a request not validated is not « à transmettre »");
    }

    [Test]
    public async Task The_follow_up_counts_kept_on_a_request_follow_matches_recorded_at_once_answered_and_removed()
    {
        var request = await InsertAsync(status: "validated");
        var matches = Enumerable.Range(0, 6).Select(_ => Guid.CreateVersion7()).ToArray();
        // Six matches recorded by six transactions at once, as the outbox delivers MatchCreated events.
        await Task.WhenAll(matches.Select(match => ExecuteAsync("""
            insert into solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at, status)
            values (@match, @request, 'CCI Paris Île-de-France', now(), 'quo')
            """, new { match, request })));
        foreach (var match in matches)
        {
            await ExecuteAsync("update solicitations.follow_up_match set status = 'not_for_me' where match_id = @match", new { match });
        }

        var allDeclined = (await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter(Flag: "tous-ont-refuse")))).Cards.Select(c => c.Id);
        await ExecuteAsync("update solicitations.follow_up_match set status = 'quo' where match_id = @match", new { match = matches[0] });
        await ExecuteAsync("update solicitations.follow_up_match set status = status where match_id = @match", new { match = matches[1] });
        var oneOpen = await QuerySingleAsync<(int, int)>(
            "select follow_up_matches, follow_up_open from solicitations.solicitation where id = @request", new { request });
        await ExecuteAsync("delete from solicitations.follow_up_match where solicitation_id = @request", new { request });

        Assert.That(allDeclined, Is.EqualTo(new[] { request }));
        Assert.That(oneOpen, Is.EqualTo((6, 1)));
        Assert.That(await QuerySingleAsync<(int, int)>("select follow_up_matches, follow_up_open from solicitations.solicitation where id = @request", new { request }),
            Is.EqualTo((0, 0)));
        Assert.That((await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter(Flag: "a-transmettre")))).Cards.Select(c => c.Id),
            Is.EqualTo(new[] { request }), "sent to nobody any more");
    }

    [Test]
    public async Task A_flag_about_the_sender_filters_the_tabs_where_the_team_decides_not_the_history()
    {
        var earlier = await InsertAsync(status: "validated", submittedAt: Now.AddDays(-3));
        var again = await InsertAsync();
        var setAside = await InsertAsync(status: "blocked", blockedReason: "spam", submittedAt: Now.AddDays(-1));

        var page = await SendAsync(new ListSolicitationsQuery("received", new TriageFilter(Flag: "doublon")));
        var cards = (await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter()))).Cards;

        Assert.That(page.Cards.Select(c => c.Id), Is.EqualTo(new[] { again }));
        Assert.That((page.Counts["received"], page.Counts["blocked"], page.Counts["validated"]), Is.EqualTo((1, 1, 0)),
            "the validated request raises the flag on its card, but is no longer triaged");
        Assert.That(cards.Single(c => c.Id == earlier).PossibleDuplicate, Is.True);
        Assert.That((await SendAsync(new ListSolicitationsQuery("blocked", new TriageFilter(Flag: "doublon")))).Cards.Select(c => c.Id),
            Is.EqualTo(new[] { setAside }));
    }

    // Cancellation with a canned reply

    [Test]
    public async Task Cancelling_in_bulk_with_a_reply_abandons_tags_and_emits_one_reply_per_requester()
    {
        var first = await InsertAsync();
        var second = await InsertAsync(email: "paul@garage.fr", name: "Paul Garnier");

        var result = await SendAsync(new CancelSolicitationsCommand(new TriageSelection([first, second], Team), "hors-champ"));

        Assert.That(result, Is.EqualTo(new TriageResult(true, "2 demandes abandonnées, réponse « Demande hors du champ du service » envoyée.")));
        var rows = (await QueryAsync<(string Status, string Reply, string[] Tags)>(
            "select status, cancel_reply, tags from solicitations.solicitation where canceled_at is not null")).ToList();
        Assert.That(rows.Select(r => (r.Status, r.Reply, string.Join(',', r.Tags))), Is.EqualTo(Enumerable.Repeat(("canceled", "hors-champ", "hors-champ"), 2)));
        var replies = (await QueryAsync<string>("select payload::text from solicitations.outbox_message where type like '%SolicitationCanceled,%'"))
            .Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.That(replies.Select(r => (r.GetProperty("email").GetString(), r.GetProperty("fullName").GetString(), r.GetProperty("replyTitle").GetString())),
            Is.EquivalentTo(new[] { ("jeanne@boulangerie-martin.fr", "Jeanne Martin", "Demande hors du champ du service"), ("paul@garage.fr", "Paul Garnier", "Demande hors du champ du service") }));
        Assert.That(replies.Select(r => r.GetProperty("replyText").GetString()), Has.All.Contain("service-public.fr"));
        Assert.That(await TimelineAsync(first), Is.EqualTo(new[] { ("canceled", Team, (string?)"Demande hors du champ du service") }));
    }

    [Test]
    public async Task Cancelling_without_a_reply_or_twice_is_refused()
    {
        var id = await InsertAsync();

        Assert.That((await SendAsync(new CancelSolicitationsCommand(new TriageSelection([id], Team), null))).Message,
            Is.EqualTo("Choisissez la réponse à envoyer au demandeur."));
        Assert.That((await SendAsync(new CancelSolicitationsCommand(new TriageSelection([id], Team), "inconnue"))).Succeeded, Is.False);
        Assert.That((await SendAsync(new CancelSolicitationsCommand(new TriageSelection([id], Team), "doublon"))).Succeeded, Is.True);
        Assert.That((await SendAsync(new CancelSolicitationsCommand(new TriageSelection([id], Team), "doublon"))).Message,
            Is.EqualTo("Cette demande n’est plus à traiter : elle a déjà été mise en relation, abandonnée ou mise de côté. Rien n’a été fait."));
        Assert.That(await OutboxTypesAsync(), Is.EqualTo(new[] { "SolicitationCanceled" }));
    }

    [Test]
    public void The_fourteen_canned_replies_have_distinct_keys_and_titles_and_say_where_to_go()
    {
        Assert.That(CannedReplies.All, Has.Count.EqualTo(14), "the original's replies (issue 13)");
        Assert.That(CannedReplies.All.Select(r => r.Key).Distinct().Count(), Is.EqualTo(CannedReplies.All.Count));
        Assert.That(CannedReplies.All.Select(r => r.Title).Distinct().Count(), Is.EqualTo(CannedReplies.All.Count));
        Assert.That(CannedReplies.All.Select(r => r.Text.Split("\n\n").Length), Has.All.GreaterThanOrEqualTo(2),
            "each says why, then what to do or where to go");
    }

    // Tags, subject, comments

    [Test]
    public async Task Tags_are_added_once_in_lower_case_and_removed_in_bulk_with_their_timeline()
    {
        var first = await InsertAsync();
        var second = await InsertAsync(email: "paul@garage.fr");

        Assert.That((await SendAsync(new TagSolicitationsCommand(new TriageSelection([first, second], Team), " Salon 2026 "))).Message,
            Is.EqualTo("2 demandes avec l’étiquette « salon 2026 »."));
        await SendAsync(new TagSolicitationsCommand(new TriageSelection([first], Team), "SALON 2026"));
        Assert.That(await QuerySingleAsync<string[]>("select tags from solicitations.solicitation where id = @Id", new { Id = first }), Is.EqualTo(new[] { "salon 2026" }));

        await SendAsync(new TagSolicitationsCommand(new TriageSelection([first, second], Team), "salon 2026", Remove: true));
        Assert.That(await QuerySingleAsync<long>("select count(*) from solicitations.solicitation where cardinality(tags) > 0"), Is.Zero);
        Assert.That(await TimelineAsync(second), Is.EqualTo(new[] { ("tag_added", Team, (string?)"salon 2026"), ("tag_removed", Team, (string?)"salon 2026") }));
        Assert.That((await SendAsync(new TagSolicitationsCommand(new TriageSelection([first], Team), " "))).Message, Is.EqualTo("Indiquez l’étiquette à ajouter."));
        Assert.That((await SendAsync(new TagSolicitationsCommand(new TriageSelection([first], Team), new string('a', 41)))).Message,
            Is.EqualTo("Une étiquette ne doit pas dépasser 40 caractères."));
    }

    [Test]
    public async Task The_subject_changes_only_to_a_catalogue_subject_and_the_validation_carries_the_new_one()
    {
        var id = await InsertAsync();
        string[] catalogue = ["financer-projet", "recruter", "autre-demande"];

        Assert.That((await SendAsync(new ChangeSubjectCommand(id, "inconnu", catalogue, Team))).Message, Is.EqualTo("Choisissez un sujet du catalogue."));
        Assert.That((await SendAsync(new ChangeSubjectCommand(id, "financer-projet", catalogue, Team))).Message, Is.EqualTo("La demande porte déjà sur ce sujet."));
        Assert.That((await SendAsync(new ChangeSubjectCommand(id, "recruter", catalogue, Team))).Succeeded, Is.True);
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([id], Team)));

        Assert.That((await PayloadAsync("SolicitationValidated")).RootElement.GetProperty("subjectSlug").GetString(), Is.EqualTo("recruter"));
        Assert.That(await TimelineAsync(id), Is.EqualTo(new[] { ("subject_changed", Team, (string?)"financer-projet → recruter"), ("validated", Team, null) }));
    }

    [Test]
    public async Task Comments_go_to_the_timeline_shown_on_the_card()
    {
        var id = await InsertAsync();

        Assert.That((await SendAsync(new CommentSolicitationCommand(id, "  ", Team))).Message, Is.EqualTo("Écrivez votre commentaire."));
        Assert.That((await SendAsync(new CommentSolicitationCommand(id, new string('a', 2001), Team))).Message, Is.EqualTo("Un commentaire ne doit pas dépasser 2 000 caractères."));
        Assert.That((await SendAsync(new CommentSolicitationCommand(id, "Rappelée le 25/11, attend un devis.", Team))).Succeeded, Is.True);

        var card = (await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()))).Cards.Single();
        Assert.That(card.Timeline.Select(t => (t.Label, t.Actor, t.Detail)), Is.EqualTo(new[] { ("Commentaire", Team, (string?)"Rappelée le 25/11, attend un devis.") }));
    }

    // Warning flags

    [Test]
    public async Task Same_siret_or_same_email_on_the_same_subject_within_three_weeks_is_a_possible_duplicate_and_never_merged()
    {
        var first = await InsertAsync(siret: Bakery, submittedAt: Now.AddDays(-20));
        var sameSiret = await InsertAsync(siret: Bakery, email: "autre@boulangerie-martin.fr");
        var sameEmail = await InsertAsync(siret: "55203253400646", submittedAt: Now.AddDays(-60));
        var lateEmail = await InsertAsync(siret: "55203253400646", email: "other@example.fr", submittedAt: Now.AddDays(-60));

        var cards = await CardsAsync();

        Assert.That(cards[first].PossibleDuplicate && cards[sameSiret].PossibleDuplicate, Is.True);
        Assert.That(cards[sameEmail].PossibleDuplicate, Is.True, "same SIRET as lateEmail, same day");
        Assert.That(cards[lateEmail].PossibleDuplicate, Is.True);
        Assert.That(await QuerySingleAsync<long>("select count(*) from solicitations.solicitation where status = 'received'"), Is.EqualTo(4), "nothing merged");
    }

    [Test]
    public async Task Four_weeks_apart_or_another_subject_is_no_duplicate_but_the_same_company_recently_is_flagged()
    {
        var old = await InsertAsync(siret: Bakery, submittedAt: Now.AddDays(-28));
        var other = await InsertAsync(siret: Bakery, subject: "recruter", email: "rh@boulangerie-martin.fr");
        var recent = await InsertAsync(siret: Bakery, email: "compta@boulangerie-martin.fr", submittedAt: Now.AddDays(-3));

        var cards = await CardsAsync();

        Assert.That(cards[old].PossibleDuplicate, Is.False, "28 days before the others");
        Assert.That(cards[other].PossibleDuplicate, Is.False);
        Assert.That(cards[other].SameCompanyRecently, Is.True);
        Assert.That(cards[recent].SameCompanyRecently, Is.True);
        Assert.That(cards[old].SameCompanyRecently, Is.False);
    }

    [Test]
    public async Task A_previously_abandoned_request_an_intermediary_naf_code_and_a_pending_registry_are_flagged()
    {
        var abandoned = await InsertAsync(siret: Bakery, submittedAt: Now.AddDays(-90));
        await SendAsync(new CancelSolicitationsCommand(new TriageSelection([abandoned], Team), "precisions"));
        var again = await InsertAsync(siret: "55203253400646", email: "jeanne@boulangerie-martin.fr");
        var consultant = await InsertAsync(siret: "44306184100047", email: "conseil@cabinet.fr", nafCode: "70.22Z");
        var pending = await InsertAsync(siret: "35600000000048", email: "x@y.fr", registryPending: true);

        var cards = await CardsAsync();

        Assert.That(cards[again].PreviouslyAbandoned, Is.True);
        Assert.That(cards[consultant].PreviouslyAbandoned, Is.False);
        Assert.That((cards[consultant].Intermediary, cards[again].Intermediary), Is.EqualTo((true, false)));
        Assert.That((cards[pending].RegistryPending, cards[again].RegistryPending), Is.EqualTo((true, false)));
    }

    [TestCase("70.22Z", true)]
    [TestCase("6920z", true)]
    [TestCase("84.13Z", true)]
    [TestCase("10.71C", false)]
    [TestCase(null, false)]
    public void Intermediary_naf_codes_are_recognised_with_or_without_a_dot(string? naf, bool intermediary) =>
        Assert.That(TriageFlags.IsIntermediary(naf), Is.EqualTo(intermediary));

    // Filters, search, counts

    [Test]
    public async Task Tabs_are_counted_under_the_same_filter()
    {
        await InsertAsync();
        await InsertAsync(email: "a@b.fr");
        var validated = await InsertAsync(email: "c@d.fr");
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([validated], Team)));
        await InsertAsync(email: "e@f.fr", subject: "recruter");

        var all = await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()));
        var financing = await SendAsync(new ListSolicitationsQuery("validated", new TriageFilter(Subject: "financer-projet")));

        Assert.That((all.Counts["received"], all.Counts["validated"], all.Counts["canceled"], all.Cards.Count), Is.EqualTo((3, 1, 0, 3)));
        Assert.That((financing.Counts["received"], financing.Counts["validated"], financing.Cards.Single().Id), Is.EqualTo((2, 1, validated)));
    }

    [Test]
    public async Task The_search_ignores_accents_and_case_and_finds_names_companies_sirets_and_descriptions()
    {
        var accented = await InsertAsync(name: "Hélène Bérénice", siret: "55203253400646", description: "Création d’une crèche d’entreprise.");
        var bakery = await InsertAsync(email: "contact@fournil.fr", siret: Bakery);

        Assert.That(await SearchAsync("HELENE"), Is.EqualTo(new[] { accented }));
        Assert.That(await SearchAsync("creche"), Is.EqualTo(new[] { accented }));
        Assert.That(await SearchAsync("creche  HELENE"), Is.EqualTo(new[] { accented }), "every word, in any order");
        Assert.That(await SearchAsync("creche fournil"), Is.Empty);
        Assert.That(await SearchAsync("732 829 320 00074"), Is.EqualTo(new[] { bakery }));
        Assert.That(await SearchAsync("boulangerie martin"), Is.EquivalentTo(new[] { accented, bakery }), "company name of both");
        Assert.That(await SearchAsync("fournil"), Is.EqualTo(new[] { bakery }));
        Assert.That(await SearchAsync("introuvable"), Is.Empty);
    }

    [Test]
    public async Task The_search_finds_what_folding_every_column_found_before_the_search_column_for_any_words()
    {
        await InsertAsync(name: "Hélène Bérénice", siret: "55203253400646", description: "Création d’une crèche d’entreprise à Évry.");
        await InsertAsync(name: "ÉLODIE FRANÇOIS", email: "elodie@cafe-du-port.fr", siret: "39861247300023", description: "Reprise d'un café, 50 % de l'activité.");
        await InsertAsync(name: "Jean Dupont", email: "jd@ex.fr", siret: "82674135700014", description: "Export vers l’Allemagne : développer la marque.");
        await InsertAsync(name: "Zoé Ng", email: "zoe@ng.fr", siret: "91427368500018", description: "Un besoin de 2 ans.", status: "blocked", blockedReason: "spam");
        // The desk's search before the search column: every word folded and looked for in the five columns folded on the fly.
        var before = $"""
            select s.id from solicitations.solicitation s
            where s.status <> 'draft' and {PdE.Shared.Db.TextSearch.ContainsAll(
                "s.full_name || ' ' || s.email || ' ' || coalesce(s.company_name, '') || ' ' || coalesce(s.siret, '') || ' ' || coalesce(s.description, '')", "Words")}
            """;
        foreach (var text in new[]
                 {
                     "helene", "HÉLÈNE", "Crèche evry", "evry creche", "françois", "FRANCOIS cafe", "l'activite", "l’allemagne", "d’entreprise",
                     "50 %", "2 ans", "2 ans besoin", "une creche", "un cafe", "ng", "e", "zoe@ng.fr", "cafe-du-port", "398612473", "dupont developper", "boulangerie martin", "introuvable",
                 })
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var expected = await QueryAsync<Guid>(before, new { Words = words });
            var found = new List<Guid>();
            foreach (var tab in TriageTabs.All)
            {
                found.AddRange((await SendAsync(new ListSolicitationsQuery(tab.Status, new TriageFilter(Search: text)))).Cards.Select(c => c.Id));
            }

            Assert.That(found, Is.EquivalentTo(expected), $"search « {text} »");
        }
    }

    [Test]
    public async Task A_search_past_its_count_cap_is_not_counted_and_lists_its_tab_page_after_page_up_to_the_cap()
    {
        var old = await InsertAsync(description: "Export vers l’Italie", submittedAt: Now.AddDays(-3));
        var ids = new List<Guid> { old };
        for (var i = 0; i < 55; i++)
        {
            ids.Add(await InsertAsync(email: $"export{i}@ex.fr", description: $"Développer l’export, étape {i}", submittedAt: Now.AddDays(-2).AddMinutes(i)));
        }

        await InsertAsync(email: "autre@ex.fr", description: "Recruter un apprenti");
        // A cap of 50 stands for the 1,000 of a real desk: two pages of 25.
        var handler = new ListSolicitationsHandler(
            SolicitationsTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>(),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Triage:SearchCountCap"] = "50" }).Build(),
            NullLogger<ListSolicitationsHandler>.Instance);
        Task<TriagePage> SearchAsync(string text, int page = 1) =>
            handler.Handle(new ListSolicitationsQuery("received", new TriageFilter(Search: text), page), CancellationToken.None).AsTask();

        var first = await SearchAsync("export");
        var second = await SearchAsync("EXPORT", 2);
        var past = await SearchAsync("export", 7);
        var narrow = await SearchAsync("italie export");

        Assert.That((first.UncountedPast, first.Page, first.PageCount), Is.EqualTo(((int?)50, 1, 2)), "56 requests contain « export »: not counted, a next page");
        Assert.That(first.Cards.Concat(second.Cards).Select(c => c.Id), Is.EqualTo(ids.Take(50)), "the tab's order, oldest first, as a counted search");
        Assert.That((second.Page, second.PageCount), Is.EqualTo((2, 2)), "no page past the cap");
        Assert.That((past.Page, past.Cards.Select(c => c.Id)), Is.EqualTo((2, second.Cards.Select(c => c.Id))), "a page past the cap shows the last one");
        Assert.That((narrow.UncountedPast, narrow.Counts["received"], narrow.Cards.Single().Id), Is.EqualTo(((int?)null, 1, old)));
        Assert.That((await SendAsync(new ListSolicitationsQuery("received", new TriageFilter(Search: "export")))).Counts["received"], Is.EqualTo(56),
            "the desk's own cap (1,000) counts them");
    }

    [Test]
    public async Task The_counts_kept_for_the_desk_home_equal_a_count_of_the_table_after_every_kind_of_change()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await InsertAsync(email: $"c{i}@example.fr"));
        }

        await InsertAsync(email: "blocked@example.fr", status: "blocked", blockedReason: "spam");
        await InsertAsync(email: "draft@example.fr", status: "draft");
        await SendAsync(new ValidateSolicitationsCommand(new TriageSelection([ids[0], ids[1]], Team)));
        await SendAsync(new CancelSolicitationsCommand(new TriageSelection([ids[2]], Team), "hors-champ"));
        await SendAsync(new TagSolicitationsCommand(new TriageSelection([ids[3]], Team), "relance"));
        // Several rows in one statement, a copy, a deletion, and submissions from several connections at once.
        await ExecuteAsync("""
            insert into solicitations.solicitation (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at)
            select gen_random_uuid(), 'Lot ' || n, 'lot' || n || '@example.fr', '0600000000', '73282932000074', 'export', 'Lot', 'received', now()
            from generate_series(1, 5) n
            """, new { });
        await using (var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var copy = await connection.BeginBinaryImportAsync(
                "copy solicitations.solicitation (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at) from stdin (format binary)");
            foreach (var status in new[] { "validated", "canceled", "draft" })
            {
                await copy.WriteRowAsync(default, Guid.CreateVersion7(), "Copie", "copie@example.fr", "0600000000", Bakery, "export", "Copie", status, Now);
            }

            await copy.CompleteAsync();
        }

        await ExecuteAsync("delete from solicitations.solicitation_event where solicitation_id = @Id; delete from solicitations.solicitation where id = @Id",
            new { Id = ids[4] });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => InsertAsync(email: $"parallel{i}@example.fr")));

        var home = await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()));
        var counted = (await QueryAsync<(string Status, int Count)>(
            "select status, count(*)::int from solicitations.solicitation where status <> 'draft' group by status")).ToDictionary(c => c.Status, c => c.Count);

        Assert.That(home.Counts, Is.EquivalentTo(TriageTabs.All.ToDictionary(t => t.Status, t => counted.GetValueOrDefault(t.Status))));
        Assert.That((home.Counts["received"], home.Counts["validated"], home.Counts["canceled"], home.Counts["blocked"]), Is.EqualTo((15, 3, 2, 1)),
            "6 + 5 + 8 received, less 2 validated, 1 abandoned and 1 deleted; 2 + 1 validated; 1 + 1 abandoned; 1 set aside");
    }

    [Test]
    public async Task A_period_is_made_of_whole_days_in_Paris()
    {
        // 23:30 UTC on 1 July is 01:30 on 2 July in Paris (summer time).
        var late = await InsertAsync(submittedAt: new DateTime(2026, 7, 1, 23, 30, 0, DateTimeKind.Utc));
        var early = await InsertAsync(email: "a@b.fr", submittedAt: new DateTime(2026, 7, 1, 21, 59, 0, DateTimeKind.Utc));

        Assert.That(await FilterAsync(new TriageFilter(From: new DateOnly(2026, 7, 2), To: new DateOnly(2026, 7, 2))), Is.EqualTo(new[] { late }));
        Assert.That(await FilterAsync(new TriageFilter(From: new DateOnly(2026, 7, 1), To: new DateOnly(2026, 7, 1))), Is.EqualTo(new[] { early }));
    }

    [Test]
    public async Task Requests_are_filtered_by_region_landing_tag_and_dates()
    {
        var paris = await InsertAsync(commune: "75111", landing: "relance", submittedAt: Now.AddDays(-10));
        var reunion = await InsertAsync(commune: "97411", email: "a@b.re");
        var corsica = await InsertAsync(commune: "2A004", email: "c@d.fr");
        await SendAsync(new TagSolicitationsCommand(new TriageSelection([reunion], Team), "outre-mer"));

        Assert.That(await FilterAsync(new TriageFilter(Departements: ["75", "77"])), Is.EqualTo(new[] { paris }));
        Assert.That(await FilterAsync(new TriageFilter(Departements: ["974"])), Is.EqualTo(new[] { reunion }));
        Assert.That(await FilterAsync(new TriageFilter(Departements: ["2A", "2B"])), Is.EqualTo(new[] { corsica }));
        Assert.That(await FilterAsync(new TriageFilter(Landing: "relance")), Is.EqualTo(new[] { paris }));
        Assert.That(await FilterAsync(new TriageFilter(Tag: "Outre-mer")), Is.EqualTo(new[] { reunion }));
        var today = DateOnly.FromDateTime(Now);
        Assert.That(await FilterAsync(new TriageFilter(From: today.AddDays(-1))), Is.EquivalentTo(new[] { reunion, corsica }));
        Assert.That(await FilterAsync(new TriageFilter(To: today.AddDays(-5))), Is.EqualTo(new[] { paris }));
        var unknown = await InsertAsync(commune: null, email: "g@h.fr");
        Assert.That(await FilterAsync(new TriageFilter(Departements: [])), Is.EqualTo(new[] { unknown }), "no département: the unknown région");
    }

    [Test]
    public async Task Each_warning_flag_filters_the_list_and_the_counts_to_the_requests_that_raise_it()
    {
        var first = await InsertAsync(submittedAt: Now.AddDays(-2), nafCode: "10.71C");
        var duplicate = await InsertAsync(nafCode: "10.71C");
        var otherSubject = await InsertAsync(siret: "39861247300023", email: "marc@transports.fr", subject: "recruter", nafCode: "49.41A");
        var sameCompany = await InsertAsync(siret: "39861247300023", email: "marc@transports.fr", subject: "energie", nafCode: "4941a", submittedAt: Now.AddDays(-5));
        var abandoned = await InsertAsync(siret: "82674135700014", email: "garage@moreau.fr", subject: "autre-demande", nafCode: "45.20A", submittedAt: Now.AddDays(-60));
        await SendAsync(new CancelSolicitationsCommand(new TriageSelection([abandoned], Team), "hors-champ"));
        var again = await InsertAsync(siret: "82674135700014", email: "garage@moreau.fr", subject: "apprentissage", nafCode: "45.20A");
        var consultant = await InsertAsync(siret: "85063217500012", email: "conseil@fiduciaire.fr", subject: "tresorerie", nafCode: "69.20z");
        var freelancer = await InsertAsync(siret: "91427368500018", email: "claire@fontaine.fr", subject: "transformation-numerique", nafCode: "74.10Z");
        await ExecuteAsync("update solicitations.solicitation set in_rcs = false, in_rm = false where id = @freelancer", new { freelancer });
        await ExecuteAsync("update solicitations.solicitation set in_rcs = false, in_rm = null where id = @consultant", new { consultant });
        var pending = await InsertAsync(siret: "79046318600011", email: "lucas@brasserie.fr", subject: "export", nafCode: null, registryPending: true);

        Assert.That(await FilterAsync(new TriageFilter(Flag: "doublon")), Is.EquivalentTo(new[] { first, duplicate }));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "meme-entreprise")), Is.EquivalentTo(new[] { otherSubject, sameCompany }));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "deja-abandonnee")), Is.EqualTo(new[] { again }));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "intermediaire")), Is.EqualTo(new[] { consultant }), "69.20z: any case, with a dot");
        Assert.That(await FilterAsync(new TriageFilter(Flag: "ni-rcs-ni-rm")), Is.EqualTo(new[] { freelancer }), "one unknown register is no flag");
        Assert.That(await FilterAsync(new TriageFilter(Flag: "repertoire-en-attente")), Is.EqualTo(new[] { pending }));
        Assert.That(await FilterAsync(new TriageFilter(Flag: "inconnu")), Has.Length.EqualTo(8), "an unknown flag is ignored");
        var counts = (await SendAsync(new ListSolicitationsQuery("canceled", new TriageFilter(Flag: "deja-abandonnee")))).Counts;
        Assert.That((counts["received"], counts["canceled"]), Is.EqualTo((1, 0)), "the abandoned one itself raises no flag");
        var cards = await CardsAsync();
        foreach (var (flag, raised) in new (string, Func<SolicitationCard, bool>)[]
                 {
                     ("doublon", c => c.PossibleDuplicate), ("meme-entreprise", c => c.SameCompanyRecently), ("deja-abandonnee", c => c.PreviouslyAbandoned),
                     ("intermediaire", c => c.Intermediary), ("ni-rcs-ni-rm", c => c.InNoRegister), ("repertoire-en-attente", c => c.RegistryPending),
                 })
        {
            Assert.That(await FilterAsync(new TriageFilter(Flag: flag)), Is.EquivalentTo(cards.Values.Where(raised).Select(c => c.Id)),
                $"the filter {flag} and the badge agree");
        }
    }

    [Test]
    public async Task Received_requests_come_oldest_first_25_a_page()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 27; i++)
        {
            ids.Add(await InsertAsync(email: $"p{i}@example.fr", submittedAt: Now.AddMinutes(-100 + i)));
        }

        var first = await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()));
        var second = await SendAsync(new ListSolicitationsQuery("received", new TriageFilter(), 2));

        Assert.That((first.Cards.Count, first.PageCount, second.Cards.Count), Is.EqualTo((25, 2, 2)));
        Assert.That(first.Cards.Concat(second.Cards).Select(c => c.Id), Is.EqualTo(ids));
    }

    // Helpers

    private static async Task<Guid> InsertAsync(
        string siret = Bakery, string email = "jeanne@boulangerie-martin.fr", string name = "Jeanne Martin", string subject = "financer-projet",
        string? commune = "75111", string? nafCode = "10.71C", string? landing = null, bool registryPending = false, DateTime? submittedAt = null,
        string description = "Nous voulons acheter un four à pain neuf.", string status = "received", string? blockedReason = null)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("""
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name,
                 naf_code, legal_form_code, headcount_bracket, company_created_on, landing_slug, registry_pending, blocked_reason)
            values (@id, @name, @email, '0612345678', @siret, @subject, @description, @status, @submittedAt, @commune, 'BOULANGERIE MARTIN',
                    @nafCode, '5499', '03', '2012-03-15', @landing, @registryPending, @blockedReason)
            """, new { id, name, email, siret, subject, description, status, submittedAt = submittedAt ?? Now, commune, nafCode, landing, registryPending, blockedReason });
        return id;
    }

    private static async Task<Dictionary<Guid, SolicitationCard>> CardsAsync() =>
        (await SendAsync(new ListSolicitationsQuery("received", new TriageFilter()))).Cards.ToDictionary(c => c.Id);

    private static async Task<Guid[]> SearchAsync(string text) => await FilterAsync(new TriageFilter(Search: text));

    private static async Task<Guid[]> FilterAsync(TriageFilter filter) =>
        (await SendAsync(new ListSolicitationsQuery("received", filter))).Cards.Select(c => c.Id).ToArray();

    private static async Task<(string, string, string?)[]> TimelineAsync(Guid id) =>
        (await QueryAsync<(string, string, string?)>(
            "select action, actor, detail from solicitations.solicitation_event where solicitation_id = @Id order by occurred_at, action desc", new { Id = id })).ToArray();

    private static async Task<string[]> OutboxTypesAsync() =>
        (await QueryAsync<string>("select type from solicitations.outbox_message order by occurred_at, id"))
            .Select(t => t.Split(',')[0].Split('.')[^1]).ToArray();

    private static async Task<JsonDocument> PayloadAsync(string type) =>
        JsonDocument.Parse(await QuerySingleAsync<string>(
            "select payload::text from solicitations.outbox_message where type like @Type", new { Type = $"%.{type},%" }));

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    private static async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }

    private static async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    private static async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }
}
