using Mediator;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

internal sealed class EditInstitutionMatchFiltersModel(IMediator mediator) : MatchFiltersPageModel(mediator)
{
    internal override MatchFilterOwnerKey Key => new((string)RouteData.Values["slug"]!, null);
}
