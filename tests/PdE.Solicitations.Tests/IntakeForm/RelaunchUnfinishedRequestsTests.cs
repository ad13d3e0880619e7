using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Features.RequestForm;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.RelaunchUnfinishedRequests;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

namespace PdE.Solicitations.Tests.IntakeForm;

/// <summary>Issue 13: a request left at step 1 is relaunched the next day and the day after, with a private link that works.</summary>
public sealed class RelaunchUnfinishedRequestsTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task A_draft_is_relaunched_the_next_day_then_the_day_after_with_a_link_back_to_its_form_and_no_more()
    {
        var draft = await StartAsync("jeanne@boulangerie-martin.fr");
        await AgeAsync(draft, started: TimeSpan.FromHours(23));
        Assert.That(await RelaunchAsync(), Is.Zero, "not before a day");

        await AgeAsync(draft, started: TimeSpan.FromHours(25));
        Assert.That(await RelaunchAsync(), Is.EqualTo(1));
        Assert.That(await RelaunchAsync(), Is.Zero, "once a day");
        var first = (await RelaunchesAsync()).Single();
        Assert.That(first.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
        Assert.That(first.GetProperty("email").GetString(), Is.EqualTo("jeanne@boulangerie-martin.fr"));
        var token = first.GetProperty("resumeUrl").GetString()!.Split("/ma-demande/")[1];
        Assert.That((await SendAsync(new GetSolicitationByToken(token)))?.Id, Is.EqualTo(draft), "the relaunch's link resumes the draft");

        await AgeAsync(draft, started: TimeSpan.FromHours(49), relaunched: TimeSpan.FromHours(24));
        Assert.That(await RelaunchAsync(), Is.EqualTo(1));
        Assert.That((await RelaunchesAsync()).Select(r => r.GetProperty("attempt").GetInt32()), Is.EqualTo(new[] { 1, 2 }));
        await AgeAsync(draft, started: TimeSpan.FromHours(73), relaunched: TimeSpan.FromHours(24));
        Assert.That(await RelaunchAsync(), Is.Zero, "two relaunches at most");
    }

    [Test]
    public async Task A_draft_whose_author_sent_a_request_since_or_one_long_past_is_not_relaunched()
    {
        var finished = await StartAsync("jeanne@boulangerie-martin.fr");
        await AgeAsync(finished, started: TimeSpan.FromHours(30));
        var sent = await StartAsync("JEANNE@boulangerie-martin.fr");
        await SendAsync(new ChooseEstablishmentCommand(sent, "73282932000074"));
        Assert.That(await SendAsync(new SubmitSolicitationCommand(sent, "Nous voulons acheter un nouveau four à pain.", null, [])), Is.True);
        var old = await StartAsync("marc.lefebvre@transports-lefebvre.fr");
        await AgeAsync(old, started: TimeSpan.FromDays(5));

        Assert.That(await RelaunchAsync(), Is.Zero);
        Assert.That(await RelaunchesAsync(), Is.Empty);
    }

    [Test]
    public async Task Two_hosts_running_the_job_at_once_relaunch_each_draft_once()
    {
        for (var i = 0; i < 4; i++)
        {
            await AgeAsync(await StartAsync($"dirigeant{i}@boulangerie-martin.fr"), started: TimeSpan.FromHours(26));
        }

        var runs = await Task.WhenAll(RelaunchAsync(), RelaunchAsync());

        Assert.That(runs.Sum(), Is.EqualTo(4));
        Assert.That((await RelaunchesAsync()).Select(r => r.GetProperty("email").GetString()).Distinct().Count(), Is.EqualTo(4));
    }

    private static async Task<Guid> StartAsync(string email) =>
        (await SendAsync(new StartSolicitationCommand("financer-projet", "Jeanne Martin", email, "0612345678", Tracking.None))).Id;

    private static async Task AgeAsync(Guid id, TimeSpan started, TimeSpan? relaunched = null)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync("""
            update solicitations.solicitation
            set created_at = now() - @started, relaunched_at = case when @relaunched::interval is null then relaunched_at else now() - @relaunched end
            where id = @id
            """, new { id, started, relaunched });
    }

    private static Task<int> RelaunchAsync() =>
        SolicitationsTestHost.Host.Services.GetRequiredService<RelaunchUnfinishedRequestsJob>().RelaunchAsync(CancellationToken.None);

    private static async Task<List<JsonElement>> RelaunchesAsync()
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return (await connection.QueryAsync<string>(
                "select payload::text from solicitations.outbox_message where type like '%.UnfinishedRequestRelaunched,%' order by occurred_at, id"))
            .Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
