using System.Text.Json;
using Dapper;
using PdE.Matching.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ChangeMatchStatus;

/// <summary>An expert answers their match: every transition allowed and refused, who may answer, and what it records.</summary>
public sealed class ChangeMatchStatusTests
{
    private static readonly JsonSerializerOptions OutboxJson = new(JsonSerializerDefaults.Web);

    /// <summary>The answers that bring a fresh match to each status.</summary>
    private static readonly Dictionary<string, string[]> PathTo = new()
    {
        ["quo"] = [],
        ["taking_care"] = ["Take"],
        ["done"] = ["Take", "CloseWithHelp"],
        ["done_no_help"] = ["Take", "CloseWithoutHelp"],
        ["done_not_reachable"] = ["Take", "CloseUnreachable"],
        ["not_for_me"] = ["Decline"],
    };

    private static readonly (string From, string Answer, string To)[] Allowed =
    [
        ("quo", "Take", "taking_care"),
        ("quo", "Decline", "not_for_me"),
        ("taking_care", "CloseWithHelp", "done"),
        ("taking_care", "CloseWithoutHelp", "done_no_help"),
        ("taking_care", "CloseUnreachable", "done_not_reachable"),
        ("taking_care", "Undo", "quo"),
        ("done", "Undo", "taking_care"),
        ("done_no_help", "Undo", "taking_care"),
        ("done_not_reachable", "Undo", "taking_care"),
        ("not_for_me", "Undo", "quo"),
    ];

    private static IEnumerable<TestCaseData> AllowedTransitions =>
        Allowed.Select(t => new TestCaseData(t.From, t.Answer, t.To).SetName($"{t.Answer} from {t.From} gives {t.To}"));

    private static IEnumerable<TestCaseData> RefusedTransitions =>
        from status in PathTo.Keys
        from answer in Enum.GetNames<MatchAnswer>()
        where !Allowed.Any(t => t.From == status && t.Answer == answer)
        select new TestCaseData(status, answer).SetName($"{answer} from {status} is refused");

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [TestCaseSource(nameof(AllowedTransitions))]
    public async Task An_allowed_answer_changes_the_match_records_it_and_queues_the_event(string from, string answer, string to)
    {
        var need = await RouteAsync();
        await BringAsync(need, from);
        var historyBefore = await CountAsync("select count(*) from matching.match_history");

        var result = await need.AnswerAsync(need.CamilleMatch, Enum.Parse<MatchAnswer>(answer), CamilleAgent);

        Assert.That(result.Succeeded, Is.True, result.Message);
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo(to));
        var history = await connection.QueryFirstAsync<(string From, string To, Guid UserId, string Actor)>(
            "select from_status, to_status, actor_user_id, actor_name from matching.match_history where match_id = @CamilleMatch order by occurred_at desc, id desc limit 1", need);
        Assert.That(history, Is.EqualTo((from, to, CamilleAgent.UserId, "Camille Martin")));
        Assert.That(await CountAsync("select count(*) from matching.match_history"), Is.EqualTo(historyBefore + 1));

        var changed = (await StatusEventsAsync()).Last();
        Assert.That((changed.MatchId, changed.NeedId, changed.SolicitationId, changed.ExpertId, changed.PreviousStatus, changed.NewStatus),
            Is.EqualTo((need.CamilleMatch, need.NeedId, need.SolicitationId, Camille.ExpertId, from, to)));
        Assert.That((changed.ExpertName, changed.AntenneName, changed.InstitutionName), Is.EqualTo(("Camille Martin", "CCI Paris", "CCI Paris Île-de-France")));
        Assert.That((changed.AntenneId, changed.InstitutionId), Is.EqualTo(((Guid?)Camille.AntenneId, (Guid?)Camille.InstitutionId)),
            "Stats counts per antenne and institution by id");
    }

    [TestCaseSource(nameof(RefusedTransitions))]
    public async Task A_refused_answer_says_why_in_french_and_changes_nothing(string from, string answer)
    {
        var need = await RouteAsync();
        await BringAsync(need, from);
        var events = (await StatusEventsAsync()).Count;
        var history = await CountAsync("select count(*) from matching.match_history");

        var result = await need.AnswerAsync(need.CamilleMatch, Enum.Parse<MatchAnswer>(answer), CamilleAgent);

        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Message, Does.StartWith("Impossible d").And.Contain("son statut est « "));
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo(from));
        Assert.That((await StatusEventsAsync()).Count, Is.EqualTo(events));
        Assert.That(await CountAsync("select count(*) from matching.match_history"), Is.EqualTo(history));
    }

    [Test]
    public async Task Closing_a_match_not_yet_taken_tells_the_expert_to_take_it_first()
    {
        var need = await RouteAsync();

        var result = await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);

        Assert.That(result.Message, Is.EqualTo("Impossible de clôturer ce besoin : son statut est « en attente de réponse ». Prenez-le d’abord en charge."));
    }

    [Test]
    public async Task A_member_of_another_expert_cannot_answer_and_nothing_changes()
    {
        var need = await RouteAsync();

        var byBruno = await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, BrunoAgent);
        var byAdmin = await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, Admin);

        Assert.That(byBruno, Is.EqualTo(new ChangeMatchStatusResult(false, "Vous ne pouvez répondre que pour vous-même, pour les équipes dont vous êtes membre ou pour les antennes dont vous êtes responsable.")));
        Assert.That(byAdmin.Succeeded, Is.False, "an admin sees every need but answers only for their own experts");
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo("quo"));
        Assert.That(await CountAsync("select count(*) from matching.match_history"), Is.Zero);
        Assert.That(await StatusEventsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_team_member_answers_for_the_team()
    {
        var need = await RouteAsync();
        var colleague = new PdE.Matching.Matches.AgentViewer(Guid.NewGuid(), "Léa Dubois",
            [new(Guid.NewGuid(), "Léa Dubois", false), new(Camille.ExpertId, "Camille Martin", true)], false);

        var result = await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, colleague);

        Assert.That(result.Succeeded, Is.True);
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select actor_name from matching.match_history"), Is.EqualTo("Léa Dubois"));
    }

    [Test]
    public async Task A_match_of_another_need_or_an_unknown_one_is_not_found()
    {
        var need = await RouteAsync();
        var other = await RouteAsync("AUTRE ENTREPRISE");

        var wrongNeed = await need.AnswerAsync(other.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        var unknown = await need.AnswerAsync(Guid.NewGuid(), MatchAnswer.Take, CamilleAgent);

        Assert.That((wrongNeed.Succeeded, unknown.Succeeded), Is.EqualTo((false, false)));
        Assert.That(unknown.Message, Is.EqualTo("Cette mise en relation n’existe pas : rechargez la page."));
        await using var connection = Connect();
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", other), Is.EqualTo("quo"));
    }

    [Test]
    public async Task A_match_made_before_matching_kept_the_directory_ids_still_changes_and_says_it_has_none()
    {
        var need = await RouteAsync();
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set antenne_id = null, institution_id = null where id = @CamilleMatch", need);
        }

        var result = await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);

        Assert.That(result.Succeeded, Is.True, result.Message);
        var changed = (await StatusEventsAsync()).Single();
        Assert.That((changed.AntenneId, changed.InstitutionId, changed.InstitutionName), Is.EqualTo(((Guid?)null, (Guid?)null, "CCI Paris Île-de-France")));
    }

    [Test]
    public async Task The_need_status_follows_its_matches_with_closed_first_then_taken_then_waiting_else_declined()
    {
        var need = await RouteAsync();

        Assert.That(await NeedStatusAfterAsync(need, need.CamilleMatch, MatchAnswer.Take, CamilleAgent), Is.EqualTo("taking_care"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Decline, BrunoAgent), Is.EqualTo("taking_care"));
        Assert.That(await NeedStatusAfterAsync(need, need.CamilleMatch, MatchAnswer.CloseUnreachable, CamilleAgent), Is.EqualTo("done_not_reachable"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Undo, BrunoAgent), Is.EqualTo("done_not_reachable"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Take, BrunoAgent), Is.EqualTo("done_not_reachable"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.CloseWithHelp, BrunoAgent), Is.EqualTo("done"),
            "one match closed with help makes the need done");
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Undo, BrunoAgent), Is.EqualTo("done_not_reachable"));
        Assert.That(await NeedStatusAfterAsync(need, need.CamilleMatch, MatchAnswer.Undo, CamilleAgent), Is.EqualTo("taking_care"));
        Assert.That(await NeedStatusAfterAsync(need, need.CamilleMatch, MatchAnswer.Undo, CamilleAgent), Is.EqualTo("taking_care"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Undo, BrunoAgent), Is.EqualTo("quo"));
        Assert.That(await NeedStatusAfterAsync(need, need.BrunoMatch, MatchAnswer.Decline, BrunoAgent), Is.EqualTo("quo"));
        Assert.That(await NeedStatusAfterAsync(need, need.CamilleMatch, MatchAnswer.Decline, CamilleAgent), Is.EqualTo("not_for_me"),
            "declined by every expert");

        var last = (await StatusEventsAsync()).Last();
        Assert.That(last.NeedStatus, Is.EqualTo("not_for_me"));
    }

    [Test]
    public async Task Taking_and_closing_dates_are_set_the_first_time_and_cleared_when_undone()
    {
        var need = await RouteAsync();

        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        var taken = await DatesAsync(need);
        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);
        var closed = await DatesAsync(need);
        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Undo, CamilleAgent);
        var reopened = await DatesAsync(need);
        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Undo, CamilleAgent);
        var backInInbox = await DatesAsync(need);

        Assert.That((taken.TakenCareOfAt.HasValue, taken.ClosedAt.HasValue), Is.EqualTo((true, false)));
        Assert.That((closed.TakenCareOfAt, closed.ClosedAt.HasValue), Is.EqualTo((taken.TakenCareOfAt, true)), "closing keeps the first taking date");
        Assert.That((reopened.TakenCareOfAt, reopened.ClosedAt), Is.EqualTo((taken.TakenCareOfAt, (DateTime?)null)));
        Assert.That((backInInbox.TakenCareOfAt, backInInbox.ClosedAt), Is.EqualTo(((DateTime?)null, (DateTime?)null)));

        var events = await StatusEventsAsync();
        Assert.That(events[1].TakenCareOfAt, Is.Not.Null);
        Assert.That(events[1].ClosedAt, Is.Not.Null);
        Assert.That(events[^1].TakenCareOfAt, Is.Null);
    }

    private static async Task BringAsync(MatchingScenario need, string status)
    {
        foreach (var step in PathTo[status])
        {
            var result = await need.AnswerAsync(need.CamilleMatch, Enum.Parse<MatchAnswer>(step), CamilleAgent);
            Assert.That(result.Succeeded, Is.True, result.Message);
        }
    }

    private static async Task<string> NeedStatusAfterAsync(MatchingScenario need, Guid matchId, MatchAnswer answer, PdE.Matching.Matches.AgentViewer viewer)
    {
        var result = await need.AnswerAsync(matchId, answer, viewer);
        Assert.That(result.Succeeded, Is.True, result.Message);
        await using var connection = Connect();
        return await connection.QuerySingleAsync<string>("select status from matching.need where id = @NeedId", need);
    }

    private static async Task<(DateTime? TakenCareOfAt, DateTime? ClosedAt)> DatesAsync(MatchingScenario need)
    {
        await using var connection = Connect();
        return await connection.QuerySingleAsync<(DateTime?, DateTime?)>("select taken_care_of_at, closed_at from matching.match where id = @CamilleMatch", need);
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
