using BenchmarkDotNet.Attributes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory;
using PdE.Solicitations;
using PdE.Solicitations.Features.SubmitSolicitation;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// Cost of one accepted request on the public form: validation, then the handler's transaction
/// (solicitation row + outbox row) against a real PostgreSQL (throwaway local cluster, fsync off).
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class SubmitSolicitationBenchmarks
{
    private static readonly SubmitSolicitationCommand Command = new(
        "Jeanne Martin", "jeanne.martin@boulangerie-martin.fr", "0612345678", "73282932000074",
        "Nous voulons recruter un apprenti boulanger à la rentrée.", "autre-demande");

    private ModuleTestHost host = null!;

    [GlobalSetup]
    public void Setup() =>
        host = ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            // The mediator generated here also holds Directory's handlers (the routing benchmark needs them), so register it too.
            (services, configuration) => services.AddSolicitations(configuration).AddDirectory(configuration)).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "validate")]
    public async Task<bool> Validate()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<FluentValidation.IValidator<SubmitSolicitationCommand>>();
        return (await validator.ValidateAsync(Command)).IsValid;
    }

    [Benchmark(Description = "submit (row + outbox, one transaction)")]
    public async Task<Guid> Submit()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(Command);
    }
}
