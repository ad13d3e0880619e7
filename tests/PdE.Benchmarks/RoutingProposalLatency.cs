using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Matching.Routing;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// What routing one need with explanations costs on the generated directory: Directory's FindRoutingCandidates (and
/// FindSupportExperts when nobody is kept), then Matching's RoutingEngine, as RoutingProposer chains them; and the engine
/// alone on the same answers. `dotnet run -c Release --project tests/PdE.Benchmarks -- routing-latency` (also run by `latency`).
/// </summary>
internal static class RoutingProposalLatency
{
    public static async Task MeasureAsync(int needs = 20_000)
    {
        await using var host = await GeneratedDirectory.StartAsync();
        await MeasureAsync(host, needs);
    }

    public static async Task MeasureAsync(ModuleTestHost host, int needs = 20_000)
    {
        var random = new Random(11);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var timings = new double[needs];
        var answers = new List<(RoutingNeed Need, RoutingCandidates Candidates)>(needs);
        long candidates = 0, proposed = 0, excluded = 0, uncovered = 0, fallbacks = 0;
        for (var i = -1000; i < needs; i++)
        {
            var need = RandomNeed(random, today);
            var started = Stopwatch.GetTimestamp();
            await using var scope = host.Services.CreateAsyncScope();
            var proposal = await new RoutingProposer(scope.ServiceProvider.GetRequiredService<IMediator>()).ProposeAsync(need, CancellationToken.None);
            if (i >= 0)
            {
                timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                candidates += proposal.Proposed.Count + proposal.Excluded.Count;
                proposed += proposal.Proposed.Count;
                excluded += proposal.Excluded.Count;
                uncovered += proposal.InstitutionsWithoutCoverage.Count;
                fallbacks += proposal.UsedSupportFallback || proposal.Proposed.Count == 0 ? 1 : 0;
                if (i < 2_000)
                {
                    answers.Add((need, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindRoutingCandidates(need.SubjectSlug, need.CommuneCode))));
                }
            }
        }

        Array.Sort(timings);
        Console.WriteLine($"FindRoutingCandidates + RoutingEngine over {needs} needs: p50 {timings[needs / 2]:0.000} ms, p99 {timings[needs * 99 / 100]:0.000} ms, " +
                          $"max {timings[^1]:0.000} ms; per need {candidates / (double)needs:0.0} candidates ({proposed / (double)needs:0.0} proposed, " +
                          $"{excluded / (double)needs:0.0} excluded), {uncovered / (double)needs:0.0} institutions without coverage, " +
                          $"{fallbacks} needs with nobody kept (support asked)");

        // The engine alone, on answers already fetched: what the explanations add to the query.
        var engine = new double[answers.Count * 5];
        for (var round = -1; round < 5; round++)
        {
            for (var i = 0; i < answers.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                RoutingEngine.Propose(answers[i].Need, answers[i].Candidates);
                if (round >= 0)
                {
                    engine[round * answers.Count + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }

        Array.Sort(engine);
        Console.WriteLine($"of which RoutingEngine alone over {engine.Length} runs: p50 {engine[engine.Length / 2]:0.000} ms, p99 {engine[engine.Length * 99 / 100]:0.000} ms");
    }

    private static RoutingNeed RandomNeed(Random random, DateOnly today)
    {
        bool? Register() => random.Next(3) switch { 0 => true, 1 => false, _ => null };
        return new RoutingNeed(
            GeneratedDirectory.RandomSubject(random), GeneratedDirectory.RandomCommune(random), GeneratedDirectory.RandomCompany(random),
            Register(), Register(), today);
    }
}
