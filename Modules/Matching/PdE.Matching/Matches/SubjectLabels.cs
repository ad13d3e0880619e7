using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Matching.Matches;

/// <summary>The public catalogue's subject labels by slug, as pages and e-mails name a need's subject.</summary>
internal static class SubjectLabels
{
    /// <summary>Each slug once, even when a subject stands in several themes.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(IMediator mediator, CancellationToken cancellationToken) =>
        (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).DistinctBy(s => s.Slug).ToDictionary(s => s.Slug, s => s.Label);

    /// <summary>The same, for a scheduled job, which has no request scope of its own to ask through.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> LoadAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await LoadAsync(scope.ServiceProvider.GetRequiredService<IMediator>(), cancellationToken);
    }
}
