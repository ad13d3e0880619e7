using Dapper;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Testing;

namespace PdE.Stats.Tests.RecordSatisfactionAnswer;

/// <summary>Issue 13 item 5: the requesters' answers to the satisfaction survey reach Stats by an event, one row per need.</summary>
public sealed class RecordSatisfactionAnswerTests
{
    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Keeps_each_answer_once_even_when_it_is_delivered_twice()
    {
        var answered = new SatisfactionAnswered(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc), ContactedByExpert: true, UsefulExchange: false, HasComment: true);
        var notCalled = new SatisfactionAnswered(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DateTime(2026, 12, 8, 9, 30, 0, DateTimeKind.Utc), ContactedByExpert: false, UsefulExchange: null, HasComment: false);

        await Host.PublishAsync(answered);
        await Host.PublishAsync(answered);
        await Host.PublishAsync(notCalled);

        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        var rows = (await connection.QueryAsync<(Guid, Guid, DateTime, bool, bool?, bool)>("""
            select need_id, solicitation_id, answered_at, contacted_by_expert, useful_exchange, has_comment
            from stats.satisfaction_answer order by answered_at
            """)).AsList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            (answered.NeedId, answered.SolicitationId, answered.AnsweredAt, true, (bool?)false, true),
            (notCalled.NeedId, notCalled.SolicitationId, notCalled.AnsweredAt, false, (bool?)null, false),
        }));
    }
}
