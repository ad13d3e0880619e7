using Mediator;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

internal sealed class EditAntenneMatchFiltersModel(IMediator mediator) : MatchFiltersPageModel(mediator)
{
    internal override MatchFilterOwnerKey Key => new(null, Guid.Parse((string)RouteData.Values["id"]!));
}
