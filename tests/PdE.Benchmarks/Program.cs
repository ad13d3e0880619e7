using BenchmarkDotNet.Running;
using PdE.Benchmarks;

// dotnet run -c Release --project tests/PdE.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project tests/PdE.Benchmarks -- latency         (p50/p99 of the routing query)
if (args is ["latency", ..])
{
    await FindExpertsForNeedBenchmarks.MeasureLatencyAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
