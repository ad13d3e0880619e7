using Mediator;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

public sealed class EditAntenneMatchFiltersModel(IMediator mediator) : MatchFiltersPageModel(mediator)
{
    internal override MatchFilterOwnerKey Key => new(null, Guid.Parse((string)RouteData.Values["id"]!));
}
