using System.Text.Json;
using Dapper;
using PdE.Matching.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ChangeMatchStatus;

/// <summary>Several needs declined at once from the inbox, with one reason: each one a refusal like a single one, all or nothing.</summary>
public sealed class DeclineMatchesTests
{
    private const string Reason = "Hors de mon territoire d’intervention";

    private static readonly JsonSerializerOptions OutboxJson = new(JsonSerializerDefaults.Web);

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        SolicitationsQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task Ticked_needs_are_all_declined_with_the_reason_in_their_history_and_the_event_of_a_single_refusal()
    {
        var needs = new[] { await RouteAsync("UNE"), await RouteAsync("DEUX"), await RouteAsync("TROIS") };

        var result = await DeclineAsync(CamilleAgent, $"  {Reason} ", needs.Select(n => n.CamilleMatch).ToArray());

        Assert.That(result, Is.EqualTo(new ChangeMatchStatusResult(true, "3 besoins refusés.")));
        await using var connection = Connect();
        var ids = needs.Select(n => n.CamilleMatch).ToArray();
        Assert.That(await connection.QueryAsync<string>("select status from matching.match where id = any(@ids)", new { ids }), Is.All.EqualTo("not_for_me"));
        Assert.That(await connection.QueryAsync<(string, string, Guid, string, string)>(
                "select from_status, to_status, actor_user_id, actor_name, comment from matching.match_history where match_id = any(@ids)", new { ids }),
            Is.EqualTo(Enumerable.Repeat(("quo", "not_for_me", CamilleAgent.UserId, "Camille Martin", Reason), 3)), "the reason, trimmed, on each");
        Assert.That(await connection.QueryAsync<string>("select status from matching.need"), Is.All.EqualTo("quo"), "Bruno still has them");

        var events = await StatusEventsAsync();
        Assert.That(events.Select(e => (e.MatchId, e.NeedId, e.SolicitationId, e.ExpertId, e.PreviousStatus, e.NewStatus, e.NeedStatus, e.ClosedAt.HasValue)),
            Is.EquivalentTo(needs.Select(n => (n.CamilleMatch, n.NeedId, n.SolicitationId, Camille.ExpertId, "quo", "not_for_me", "quo", true))));
        Assert.That(events.Select(e => (e.AntenneId, e.InstitutionId, e.InstitutionName)), Is.All.EqualTo(((Guid?)Camille.AntenneId, (Guid?)Camille.InstitutionId, "CCI Paris Île-de-France")));

        var page = await SendAsync(new ShowNeedQuery(needs[0].NeedId, CamilleAgent));
        Assert.That(page!.History.Select(h => (h.ToStatus, h.Comment)), Is.EqualTo(new[] { ("not_for_me", (string?)Reason) }), "the need page shows the reason");
    }

    [Test]
    public async Task One_need_makes_a_singular_message_even_with_two_of_the_agent_s_matches()
    {
        var need = await RouteAsync();
        var both = new AgentViewer(Guid.NewGuid(), "Léa Dubois", [new(Camille.ExpertId, "Camille Martin", false), new(Bruno.ExpertId, "Bruno Petit", true)], false);

        var result = await DeclineAsync(both, Reason, need.CamilleMatch, need.BrunoMatch, need.CamilleMatch);

        Assert.That(result, Is.EqualTo(new ChangeMatchStatusResult(true, "1 besoin refusé.")));
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.need where id = @NeedId", need), Is.EqualTo("not_for_me"),
            "declined by every expert");
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match_history"), Is.EqualTo(2));
        // Both events are written in one transaction, in the same millisecond: their order in the table is not theirs.
        Assert.That((await StatusEventsAsync()).Select(e => e.NeedStatus), Is.EquivalentTo(new[] { "quo", "not_for_me" }));
    }

    [Test]
    public async Task A_forged_id_of_another_expert_s_match_refuses_the_whole_submission()
    {
        var first = await RouteAsync("UNE");
        var second = await RouteAsync("DEUX");

        var result = await DeclineAsync(CamilleAgent, Reason, first.CamilleMatch, second.BrunoMatch, second.CamilleMatch);

        Assert.That(result, Is.EqualTo(new ChangeMatchStatusResult(false,
            "Vous ne pouvez refuser que les besoins adressés à vous-même, aux équipes dont vous êtes membre ou aux antennes dont vous êtes responsable. Rien n’a été refusé.")));
        await AssertNothingChangedAsync();
        var byAdmin = await DeclineAsync(Admin, Reason, first.CamilleMatch);
        Assert.That(byAdmin.Succeeded, Is.False, "an admin answers only for their own experts");
        await AssertNothingChangedAsync();
    }

    [Test]
    public async Task A_need_already_answered_among_the_ticked_ones_refuses_the_whole_submission()
    {
        var first = await RouteAsync("UNE");
        var second = await RouteAsync("DEUX");
        var third = await RouteAsync("TROIS");
        await second.AnswerAsync(second.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        var history = await CountAsync("select count(*) from matching.match_history");

        var result = await DeclineAsync(CamilleAgent, Reason, first.CamilleMatch, second.CamilleMatch, third.CamilleMatch);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Is.EqualTo(
            "L’un des besoins cochés n’est plus en attente de réponse (déjà pris en charge, clôturé ou refusé) : rien n’a été refusé. Rechargez la page et recommencez."));
        await using var connection = Connect();
        Assert.That(await connection.QueryAsync<string>("select status from matching.match where expert_id = @ExpertId order by created_at", Camille),
            Is.EqualTo(new[] { "quo", "taking_care", "quo" }), "nothing half done");
        Assert.That(await CountAsync("select count(*) from matching.match_history"), Is.EqualTo(history));
        Assert.That((await StatusEventsAsync()).Count, Is.EqualTo(1), "only the earlier take");

        var alone = await DeclineAsync(CamilleAgent, Reason, second.CamilleMatch);
        Assert.That(alone.Message, Is.EqualTo("Ce besoin n’est plus en attente de réponse : il a déjà été pris en charge, clôturé ou refusé. Rien n’a été refusé."));
    }

    [Test]
    public async Task A_reason_and_at_least_one_existing_need_are_required()
    {
        var need = await RouteAsync();

        Assert.That((await DeclineAsync(CamilleAgent, "   ", need.CamilleMatch)).Message,
            Is.EqualTo("Indiquez en quelques mots pourquoi ces besoins ne sont pas pour vous : rien n’a été refusé."));
        Assert.That((await DeclineAsync(CamilleAgent, null, need.CamilleMatch)).Succeeded, Is.False);
        Assert.That((await DeclineAsync(CamilleAgent, new string('x', ChangeMatchStatusHandler.MaxReasonLength + 1), need.CamilleMatch)).Message,
            Is.EqualTo("Le motif ne doit pas dépasser 500 caractères : rien n’a été refusé."));
        Assert.That((await DeclineAsync(CamilleAgent, Reason)).Message, Is.EqualTo("Cochez au moins un besoin à refuser."));
        Assert.That((await DeclineAsync(CamilleAgent, Reason, need.CamilleMatch, Guid.NewGuid())).Message,
            Is.EqualTo("Un des besoins cochés n’existe plus : rechargez la page. Rien n’a été refusé."));
        await AssertNothingChangedAsync();
        Assert.That((await DeclineAsync(CamilleAgent, new string('x', ChangeMatchStatusHandler.MaxReasonLength), need.CamilleMatch)).Succeeded, Is.True);
    }

    private static Task<ChangeMatchStatusResult> DeclineAsync(AgentViewer viewer, string? reason, params Guid[] matchIds) =>
        SendAsync(new DeclineMatchesCommand(matchIds, reason, viewer));

    private static async Task AssertNothingChangedAsync()
    {
        await using var connection = Connect();
        Assert.That(await connection.QueryAsync<string>("select distinct status from matching.match"), Is.EqualTo(new[] { "quo" }));
        Assert.That(await CountAsync("select count(*) from matching.match_history"), Is.Zero);
        Assert.That(await StatusEventsAsync(), Is.Empty);
    }

    private static async Task<long> CountAsync(string sql)
    {
        await using var connection = Connect();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<List<MatchStatusChanged>> StatusEventsAsync()
    {
        await using var connection = Connect();
        var payloads = await connection.QueryAsync<string>("""
            select payload::text from matching.outbox_message
            where type like 'PdE.Matching.Contracts.MatchStatusChanged,%' order by occurred_at, id
            """);
        return payloads.Select(p => JsonSerializer.Deserialize<MatchStatusChanged>(p, OutboxJson)!).ToList();
    }
}
