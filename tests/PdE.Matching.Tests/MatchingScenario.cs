using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Tests;

/// <summary>A need routed to Camille (CCI) and Bruno (Bpifrance), and the agents who answer for them.</summary>
internal sealed record MatchingScenario(Guid NeedId, Guid SolicitationId, Guid CamilleMatch, Guid BrunoMatch)
{
    public static readonly RoutingCandidate Camille = RoutingQueriesFake.Expert(
        "Camille Martin", "camille.martin@cci-paris-idf.example.fr", "CCI Paris", "CCI Paris Île-de-France", "cci-paris-idf");

    public static readonly RoutingCandidate Bruno = RoutingQueriesFake.Expert(
        "Bruno Petit", "bruno.petit@bpifrance.example.fr", "Bpifrance Paris", "Bpifrance", "bpifrance");

    public static readonly AgentViewer CamilleAgent = new(Guid.CreateVersion7(), "Camille Martin", [new(Camille.ExpertId, "Camille Martin", false)], false);

    public static readonly AgentViewer BrunoAgent = new(Guid.CreateVersion7(), "Bruno Petit", [new(Bruno.ExpertId, "Bruno Petit", false)], false);

    public static readonly AgentViewer Admin = new(Guid.CreateVersion7(), "Administrateur", [], true);

    /// <summary>The scenario's agents as Directory's accounts know them: each signs in with their expert's address, the admin with the team's.</summary>
    public static IEnumerable<AgentContact> AgentContacts =>
    [
        new(CamilleAgent.UserId, "Camille Martin", Camille.Email),
        new(BrunoAgent.UserId, "Bruno Petit", Bruno.Email),
        new(Admin.UserId, "Administrateur", "admin@place-des-entreprises.example.fr"),
    ];

    /// <summary>Routes a new request of the demo bakery in Paris 11e to Camille and Bruno, as the triage desk's validation would.</summary>
    public static Task<MatchingScenario> RouteAsync(string companyName = "BOULANGERIE MARTIN") => RouteAsync(Validated(companyName));

    /// <summary>The triage desk's validation of a request of the demo bakery in Paris 11e, with the registry's facts.</summary>
    public static SolicitationValidated Validated(string companyName = "BOULANGERIE MARTIN") => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "autre-demande", "73282932000074", "75111",
        new PdE.Solicitations.Contracts.CompanyFacts(companyName, "10.71C", "5499", "03", new DateOnly(2012, 3, 15)),
        "Nous voulons recruter un apprenti boulanger à la rentrée.", DateTime.UtcNow);

    /// <summary>Routes <paramref name="validated"/> to Camille and Bruno.</summary>
    public static async Task<MatchingScenario> RouteAsync(SolicitationValidated validated)
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        await MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(validated);
            return true;
        });

        await using var connection = Connect();
        var needId = await connection.QuerySingleAsync<Guid>("select id from matching.need where solicitation_id = @SolicitationId", validated);
        var matches = (await connection.QueryAsync<(Guid Id, Guid ExpertId)>("select id, expert_id from matching.match where need_id = @needId", new { needId }))
            .ToDictionary(m => m.ExpertId, m => m.Id);
        return new MatchingScenario(needId, validated.SolicitationId, matches[Camille.ExpertId], matches[Bruno.ExpertId]);
    }

    public Task<ChangeMatchStatusResult> AnswerAsync(Guid matchId, MatchAnswer answer, AgentViewer viewer) =>
        SendAsync(new ChangeMatchStatusCommand(NeedId, matchId, answer, viewer));

    public static Task<T> SendAsync<T>(ICommand<T> command) =>
        MatchingTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    public static Task<T> SendAsync<T>(IQuery<T> query) =>
        MatchingTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    public static NpgsqlConnection Connect() => new(MatchingTestHost.Host.Database.ConnectionString);

    /// <summary>The events Matching wrote to its outbox whose contract is <paramref name="type"/> (e.g. « NeedStillWaiting »), oldest first.</summary>
    public static async Task<List<JsonElement>> OutboxEventsAsync(string type)
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<string>(
                "select payload::text from matching.outbox_message where type like @Type order by occurred_at", new { Type = $"PdE.Matching.Contracts.{type},%" }))
            .Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }
}
