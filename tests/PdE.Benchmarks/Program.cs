using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/PdE.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
