using BenchmarkDotNet.Running;
using PdE.Benchmarks;

// dotnet run -c Release --project tests/PdE.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project tests/PdE.Benchmarks -- latency         (p50/p99 of the routing query)
// dotnet run -c Release --project tests/PdE.Benchmarks -- users-import    (users CSV import, 2,000 and 20,000 lines)
if (args is ["latency", ..])
{
    await FindExpertsForNeedBenchmarks.MeasureLatencyAsync();
    return;
}

if (args is ["users-import", ..])
{
    await UsersImportTimings.MeasureAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
