using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Mediator;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>The routing question Matching asks for every need, on a directory of 10,000 experts over 35,000 communes.</summary>
[InProcess]
[MemoryDiagnoser]
public class FindExpertsForNeedBenchmarks
{
    private readonly Random random = new(42);
    private ModuleTestHost host = null!;

    [GlobalSetup]
    public void Setup() => host = GeneratedDirectory.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "FindExpertsForNeed (random subject, commune and company)")]
    public async Task<int> Find()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var experts = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new FindExpertsForNeed(GeneratedDirectory.RandomSubject(random), GeneratedDirectory.RandomCommune(random), GeneratedDirectory.RandomCompany(random)));
        return experts.Count;
    }

    /// <summary>p50/p99 over many sequential queries: `dotnet run -c Release --project tests/PdE.Benchmarks -- latency`.</summary>
    public static async Task MeasureLatencyAsync(int queries = 20_000)
    {
        await using var host = await GeneratedDirectory.StartAsync();
        var random = new Random(7);
        var timings = new double[queries];
        var resolving = new double[queries];
        long found = 0;
        for (var i = -1000; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var scope = host.Services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var resolved = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var experts = await mediator
                .Send(new FindExpertsForNeed(GeneratedDirectory.RandomSubject(random), GeneratedDirectory.RandomCommune(random), GeneratedDirectory.RandomCompany(random)));
            if (i >= 0)
            {
                timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                resolving[i] = resolved;
                found += experts.Count;
            }
        }

        Array.Sort(timings);
        Array.Sort(resolving);
        Console.WriteLine($"FindExpertsForNeed over {queries} queries: p50 {timings[queries / 2]:0.000} ms, p99 {timings[queries * 99 / 100]:0.000} ms, " +
                          $"max {timings[^1]:0.000} ms, {found / (double)queries:0.0} experts per answer; " +
                          $"of which a DI scope and the mediator: p50 {resolving[queries / 2]:0.000} ms, p99 {resolving[queries * 99 / 100]:0.000} ms");

        // The floor under any answer: a pooled connection and one round trip that does nothing.
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var floor = new double[queries];
        for (var i = -1000; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await connection.ExecuteScalarAsync<int>("select 1");
            }

            if (i >= 0)
            {
                floor[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(floor);
        Console.WriteLine($"A pooled connection and one empty round trip: p50 {floor[queries / 2]:0.000} ms, p99 {floor[queries * 99 / 100]:0.000} ms");

        // The question Matching's routing engine asks instead, with the engine's choices and explanations.
        await RoutingProposalLatency.MeasureAsync(host, queries);
    }
}
