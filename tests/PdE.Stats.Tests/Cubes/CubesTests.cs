using System.Diagnostics;
using Dapper;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Solicitations.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Stats.Features.AgentStats;
using PdE.Stats.Features.Shared;
using PdE.Stats.Features.ShowPublicStats;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.Cubes;

/// <summary>
/// The cubes the pages read (stats/0010) are kept by triggers as the events change the facts: whatever the
/// order of the events, and however often one comes, they hold exactly what summing the facts again gives.
/// </summary>
public sealed class CubesTests
{
    private static readonly string[] Cubes = ["activity_cube", "take_delay_cube", "request_institution", "match_cube", "need_status_cube"];

    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Events_in_any_order_and_twice_leave_the_cubes_equal_to_the_facts_sums(int seed)
    {
        await PublishShuffledAsync(seed);

        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        await connection.ExecuteAsync("select stats.fold_activity()");
        var kept = await SnapshotAsync(connection);
        Assert.That(kept["activity_cube"], Is.Not.Empty);
        await connection.ExecuteAsync("select stats.sum_cubes(); select stats.sum_team_cubes()");
        var summed = await SnapshotAsync(connection);
        foreach (var cube in Cubes)
        {
            Assert.That(kept[cube], Is.EquivalentTo(summed[cube]), cube);
        }

        // The pages choose a level among those the C# side names: the migration's functions write exactly those.
        foreach (var cube in Cube.All)
        {
            Assert.That(await connection.QueryAsync<int>($"select distinct level from {cube.Table} order by 1"), Is.EqualTo(cube.Levels), cube.Table);
        }
    }

    /// <summary>
    /// A request's contribution waits in stats.activity_pending (stats/0011) until a fold: the folder the handler nudged
    /// adds it to the cube a second later, with no reader asking.
    /// </summary>
    [Test]
    public async Task The_folder_adds_a_new_request_to_the_cube_a_second_after_it_was_recorded()
    {
        var folder = Host.Services.GetRequiredService<ActivityFolder>();
        await folder.StartAsync(CancellationToken.None);
        try
        {
            await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
            await Host.PublishAsync(new SolicitationSubmitted(Guid.CreateVersion7(), Guid.CreateVersion7(), "73282932000074", "recruter", "Besoin.",
                Utc(2026, 3, 12, 10), "75056", null));
            const string RequestsInCube = "select coalesce(sum(requests), 0)::int from stats.activity_cube where level = 0";
            var waited = Stopwatch.StartNew();
            while (await connection.ExecuteScalarAsync<int>(RequestsInCube) == 0)
            {
                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)),
                    "waiting for the folder to add the request to stats.activity_cube's level 0");
                await Task.Delay(50);
            }

            Assert.That(await connection.ExecuteScalarAsync<int>("select count(*)::int from stats.activity_pending"), Is.Zero);
            Assert.That(await connection.ExecuteScalarAsync<int>(
                "select requests from stats.activity_cube where level = 3 and subject_slug = 'recruter' and departement = '75'"), Is.EqualTo(1));
        }
        finally
        {
            await folder.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Whatever the filter, the level the page reads (<see cref="Cube.Rows"/>, a missing level read from the next one up)
    /// gives what the facts give: the public figures against counts of the facts, the team's view (cubes) against the same
    /// figures read from the facts as a manager's view over every expert.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public async Task Every_combination_of_filters_reads_from_the_cubes_what_the_facts_say(int seed)
    {
        var (institutions, experts) = await PublishShuffledAsync(seed);
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        foreach (var subjects in new[] { null, new[] { "recruter", "export" } })
        {
            foreach (var departements in new[] { null, new[] { "75", "974" } })
            {
                foreach (var institution in new Guid?[] { null, institutions[0] })
                {
                    var filter = new StatsFilter(Departements: departements, Subjects: subjects, InstitutionId: institution);
                    var what = $"subjects {subjects is not null}, départements {departements is not null}, institution {institution is not null}";
                    var stats = await Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetPublicStats(filter)).AsTask());
                    var facts = await connection.QuerySingleAsync<(long Requests, long Needs, long Taken, long Done)>($"""
                        select (select count(*) from ({FilteredFacts.Requests}) r), (select count(*) from ({FilteredFacts.Needs}) n),
                               (select count(*) from ({FilteredFacts.Needs}) n where n.first_taken_in_charge_at is not null),
                               (select count(*) from ({FilteredFacts.Needs}) n where n.first_done_at is not null)
                        """, filter.SqlParameters());
                    Assert.That((stats.SolicitationsReceived, stats.NeedsRouted, stats.NeedsTakenInCharge, stats.NeedsDone), Is.EqualTo(facts), what);
                    Assert.That(stats.NeedsBySubject.Sum(t => t.Count), Is.EqualTo(facts.Needs), what);

                    var team = await Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetAgentStats(filter)).AsTask());
                    var everyExpert = await Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetAgentStats(filter, ExpertIds: experts)).AsTask());
                    Assert.That(team.Matches, Is.EqualTo(everyExpert.Matches), what);
                    Assert.That(team.Needs, Is.EqualTo(everyExpert.Needs), what);
                    Assert.That(team.ByInstitution, Is.EquivalentTo(everyExpert.ByInstitution), what);
                }
            }
        }
    }

    /// <summary>Random requests, needs, matches, answers and survey answers, published shuffled, one in five twice.</summary>
    private static async Task<(Guid[] Institutions, Guid[] Experts)> PublishShuffledAsync(int seed)
    {
        var random = new Random(seed);
        var events = new List<INotification>();
        var experts = new List<Guid>();
        Guid NewExpert()
        {
            var id = Guid.CreateVersion7();
            experts.Add(id);
            return id;
        }

        string[] subjects = ["recruter", "financer-projet", "export"];
        string[] communes = ["75056", "35238", "97411", "2A004"];
        string[] brackets = ["NN", "03", "11", "32"];
        string[] nafs = ["10.71C", "62.01Z", "01.11Z"];
        var institutions = Enumerable.Range(0, 3).Select(_ => Guid.CreateVersion7()).ToArray();
        string[] statuses = ["quo", "taking_care", "done", "done_no_help", "done_not_reachable", "not_for_me"];
        for (var r = 0; r < 25; r++)
        {
            var solicitationId = Guid.CreateVersion7();
            var sentAt = Utc(2026, 1 + random.Next(6), 1 + random.Next(28), random.Next(24));
            CompanyFacts? Company() => random.Next(4) == 0 ? null
                : new CompanyFacts("Entreprise", nafs[random.Next(nafs.Length)], "5499", brackets[random.Next(brackets.Length)], null);
            events.Add(new SolicitationSubmitted(Guid.CreateVersion7(), solicitationId, "73282932000074", subjects[random.Next(3)], "Besoin.", sentAt,
                communes[random.Next(communes.Length)], Company()));
            if (random.Next(3) > 0)
            {
                events.Add(new SolicitationValidated(Guid.CreateVersion7(), solicitationId, subjects[random.Next(3)], "73282932000074",
                    communes[random.Next(communes.Length)], Company(), "Besoin.", sentAt.AddHours(5), sentAt));
            }

            for (var n = 0; n < random.Next(3); n++)
            {
                var needId = Guid.CreateVersion7();
                var routedAt = sentAt.AddDays(1 + random.Next(3));
                events.Add(new NeedRouted(Guid.CreateVersion7(), needId, solicitationId, 2, routedAt, subjects[random.Next(3)],
                    communes[random.Next(communes.Length)], nafs[random.Next(nafs.Length)], brackets[random.Next(brackets.Length)]));
                var matchStatuses = new List<string>();
                for (var m = 0; m < 1 + random.Next(3); m++)
                {
                    var matchId = Guid.CreateVersion7();
                    var institution = institutions[random.Next(institutions.Length)];
                    var expert = NewExpert();
                    events.Add(new MatchCreated(Guid.CreateVersion7(), matchId, needId, solicitationId, expert, "Expert", "e@x.fr", "Institution",
                        "73282932000074", "Besoin.", routedAt, InstitutionId: institution, AntenneId: Guid.CreateVersion7()));
                    var status = "quo";
                    for (var a = 0; a < random.Next(3); a++)
                    {
                        var next = statuses[random.Next(statuses.Length)];
                        matchStatuses.Add(next);
                        var at = routedAt.AddHours(1 + random.Next(500) + 500 * a);
                        events.Add(StatusChanged(needId, matchId, status, next, next, at) with { InstitutionId = institution, ExpertId = expert });
                        status = next;
                    }
                }

                if (random.Next(3) == 0)
                {
                    events.Add(new SatisfactionAnswered(Guid.CreateVersion7(), needId, solicitationId, routedAt.AddDays(20), random.Next(2) == 0,
                        random.Next(2) == 0, HasComment: false));
                }
            }
        }

        foreach (var @event in events.OrderBy(_ => random.Next()).SelectMany(e => random.Next(5) == 0 ? new[] { e, e } : [e]))
        {
            await Host.PublishAsync(@event);
        }


        return (institutions, [.. experts]);
    }

    /// <summary>Each cube's rows as text, those counting nothing left out (a delta back to zero leaves its row).</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(NpgsqlConnection connection)
    {
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var cube in Cubes)
        {
            var counting = cube switch
            {
                "request_institution" => "true",
                "match_cube" => "matches <> 0",
                "take_delay_cube" or "need_status_cube" => "needs <> 0",
                _ => "exists (select 1 from jsonb_each(to_jsonb(c)) e where e.key <> 'level' and jsonb_typeof(e.value) = 'number' and e.value <> '0'::jsonb)",
            };
            snapshot[cube] = (await connection.QueryAsync<string>($"select c::text from stats.{cube} c where {counting}")).AsList();
        }

        return snapshot;
    }
}