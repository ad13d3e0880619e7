using BenchmarkDotNet.Attributes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// Cost of one accepted request on the public form: validation of the last step, and the three steps' handlers
/// (draft row, establishment from the offline registry, then sending: row update + outbox row in one transaction)
/// against a real PostgreSQL (throwaway local cluster, fsync off).
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class SubmitSolicitationBenchmarks
{
    private static readonly StartSolicitationCommand Contact = new(
        "financer-projet", "Jeanne Martin", "jeanne.martin@boulangerie-martin.fr", "0612345678", Tracking.None);

    private static readonly QuestionAnswer[] Answers =
    [
        new("financement-bancaire", "Avez-vous déjà un financement bancaire ?", true),
        new("projet-demarre", "Le projet a-t-il déjà commencé ?", false),
    ];

    private static readonly SubmitSolicitationCommand Description = new(
        Guid.Empty, "Nous voulons acheter un nouveau four à pain pour doubler la production.", "Mon projet consiste à…", Answers);

    private ModuleTestHost host = null!;

    [GlobalSetup]
    public void Setup() =>
        host = BenchmarkHost.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "validate step 3")]
    public async Task<bool> Validate()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<FluentValidation.IValidator<SubmitSolicitationCommand>>();
        return (await validator.ValidateAsync(Description)).IsValid;
    }

    [Benchmark(Description = "three steps (draft, establishment, send with outbox)")]
    public async Task<bool> Submit()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var started = await mediator.Send(Contact);
        await mediator.Send(new ChooseEstablishmentCommand(started.Id, "73282932000074"));
        return await mediator.Send(Description with { Id = started.Id });
    }
}
