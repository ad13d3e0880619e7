using Dapper;
using Npgsql;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.RecordMatchStatusChange;

/// <summary>Experts' answers (MatchStatusChanged): each kept once, and each need's first taking in charge, closing and closing with help.</summary>
public sealed class RecordMatchStatusChangeTests
{
    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Keeps_an_answer_once_even_when_it_is_delivered_twice()
    {
        var (needId, matchId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var taken = StatusChanged(needId, matchId, "quo", "taking_care", "taking_care", Utc(2026, 3, 2));

        await Host.PublishAsync(taken);
        await Host.PublishAsync(taken);

        await using var connection = Connect();
        var rows = (await connection.QueryAsync<(Guid, Guid, Guid, Guid, Guid, Guid?, Guid?, string, string, string, DateTime)>("""
            select event_id, match_id, need_id, solicitation_id, expert_id, antenne_id, institution_id, from_status, to_status, need_status, occurred_at
            from stats.match_status_change
            """)).AsList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            (taken.EventId, matchId, needId, taken.SolicitationId, ExpertId, (Guid?)AntenneId, (Guid?)InstitutionId, "quo", "taking_care", "taking_care", Utc(2026, 3, 2)),
        }));
        Assert.That(await ProgressAsync(), Is.EqualTo(new[] { (needId, (DateTime?)Utc(2026, 3, 2), (DateTime?)null, (DateTime?)null) }));
    }

    [Test]
    public async Task Taking_then_closing_keeps_when_the_need_was_first_taken_in_charge_then_closed_with_help()
    {
        var (needId, matchId) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await Host.PublishAsync(StatusChanged(needId, matchId, "quo", "taking_care", "taking_care", Utc(2026, 3, 30)));
        Assert.That(await ProgressAsync(), Is.EqualTo(new[] { (needId, (DateTime?)Utc(2026, 3, 30), (DateTime?)null, (DateTime?)null) }));

        await Host.PublishAsync(StatusChanged(needId, matchId, "taking_care", "done", "done", Utc(2026, 4, 2)));
        Assert.That(await ProgressAsync(), Is.EqualTo(new[] { (needId, (DateTime?)Utc(2026, 3, 30), (DateTime?)Utc(2026, 4, 2), (DateTime?)Utc(2026, 4, 2)) }));
    }

    [Test]
    public async Task A_need_keeps_its_first_times_whichever_expert_answers_and_whatever_is_undone_and_a_declined_one_has_none()
    {
        var (needId, camille, bruno) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var declinedNeed = Guid.CreateVersion7();

        await Host.PublishAsync(StatusChanged(needId, camille, "quo", "taking_care", "taking_care", Utc(2026, 3, 2)));
        await Host.PublishAsync(StatusChanged(needId, bruno, "quo", "taking_care", "taking_care", Utc(2026, 3, 3)));
        await Host.PublishAsync(StatusChanged(needId, camille, "taking_care", "quo", "taking_care", Utc(2026, 3, 4)));
        await Host.PublishAsync(StatusChanged(needId, bruno, "taking_care", "done_no_help", "done_no_help", Utc(2026, 3, 5)));
        await Host.PublishAsync(StatusChanged(needId, bruno, "done_no_help", "taking_care", "taking_care", Utc(2026, 3, 6)));
        await Host.PublishAsync(StatusChanged(needId, bruno, "taking_care", "quo", "quo", Utc(2026, 4, 1)));
        await Host.PublishAsync(StatusChanged(needId, camille, "quo", "taking_care", "taking_care", Utc(2026, 4, 2)));
        await Host.PublishAsync(StatusChanged(needId, camille, "taking_care", "done", "done", Utc(2026, 4, 3)));
        await Host.PublishAsync(StatusChanged(declinedNeed, Guid.CreateVersion7(), "quo", "not_for_me", "not_for_me", Utc(2026, 3, 7)));

        Assert.That(await ProgressAsync(), Is.EquivalentTo(new[]
        {
            (needId, (DateTime?)Utc(2026, 3, 2), (DateTime?)Utc(2026, 3, 5), (DateTime?)Utc(2026, 4, 3)),
            (declinedNeed, null, null, null),
        }), "closed first without help on 5 March, then with help on 3 April");
        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from stats.match_status_change"), Is.EqualTo(9), "every answer is kept");
    }

    [Test]
    public async Task An_answer_delivered_after_a_later_one_of_its_need_still_gives_the_first_time()
    {
        var (needId, matchId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var taken = StatusChanged(needId, matchId, "quo", "taking_care", "taking_care", Utc(2026, 3, 30));
        var closed = StatusChanged(needId, matchId, "taking_care", "done", "done", Utc(2026, 4, 2));

        await Host.PublishAsync(closed);
        await Host.PublishAsync(taken);

        Assert.That(await ProgressAsync(), Is.EqualTo(new[] { (needId, (DateTime?)Utc(2026, 3, 30), (DateTime?)Utc(2026, 4, 2), (DateTime?)Utc(2026, 4, 2)) }));
    }

    [Test]
    public async Task Two_experts_taking_the_same_need_at_the_same_time_leave_one_row_with_the_first_time()
    {
        var needId = Guid.CreateVersion7();
        // A third expert declined first: the need is known to Stats before the two answers race.
        await Host.PublishAsync(StatusChanged(needId, Guid.CreateVersion7(), "quo", "not_for_me", "quo", Utc(2026, 3, 1)));

        Task both;
        await using (var holder = Connect())
        {
            // Hold the need's row while both answers arrive, so they meet there rather than one after the other.
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await holder.ExecuteAsync("select 1 from stats.need_progress where need_id = @needId for update", new { needId }, transaction);
            both = Task.WhenAll(
                Host.PublishAsync(StatusChanged(needId, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 3, 3))),
                Host.PublishAsync(StatusChanged(needId, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 3, 2))));
            await WaitForSessionsWaitingOnLocksAsync(2);
            await transaction.CommitAsync();
        }

        await both;
        Assert.That(await ProgressAsync(), Is.EqualTo(new[] { (needId, (DateTime?)Utc(2026, 3, 2), (DateTime?)null, (DateTime?)null) }));
    }

    private static NpgsqlConnection Connect() => new(Host.Database.ConnectionString);

    /// <summary>Asked on a connection of its own: pg_stat_activity is a snapshot for the whole of a transaction.</summary>
    private static async Task WaitForSessionsWaitingOnLocksAsync(int sessions)
    {
        await using var connection = Connect();
        const string Waiting = "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); await connection.ExecuteScalarAsync<int>(Waiting) < sessions; await Task.Delay(20))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{sessions} sessions should be waiting on the need's row");
        }
    }

    /// <summary>Each need's first taking in charge, closing and closing with help.</summary>
    private static async Task<List<(Guid NeedId, DateTime? TakenInCharge, DateTime? Closed, DateTime? Done)>> ProgressAsync()
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<(Guid, DateTime?, DateTime?, DateTime?)>(
            "select need_id, first_taken_in_charge_at, first_closed_at, first_done_at from stats.need_progress order by need_id")).AsList();
    }
}
