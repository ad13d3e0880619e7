using Mediator;
using PdE.Matching.Contracts;

namespace PdE.Solicitations.Tests.Fakes;

/// <summary>Stands in for the Matching module: says who routing would reach; by default two CCI experts, whatever the request.</summary>
internal sealed class MatchingQueriesFake : IQueryHandler<PreviewRouting, RoutingPreview>
{
    public static readonly RoutingPreview TwoExperts = new(2, ["CCI Paris Île-de-France"], null);

    public static Func<PreviewRouting, RoutingPreview> Answer { get; set; } = _ => TwoExperts;

    public ValueTask<RoutingPreview> Handle(PreviewRouting query, CancellationToken cancellationToken) => ValueTask.FromResult(Answer(query));

    public static void Reset() => Answer = _ => TwoExperts;
}
