using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

/// <summary>
/// List, add, edit (<c>?filtre=id</c>) and delete the match filters of one institution or antenne: the two pages differ
/// only by whose filters they show.
/// </summary>
internal abstract class MatchFiltersPageModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public MatchFilterInput Input { get; set; } = new();

    /// <summary>The filter being edited, or null when adding one.</summary>
    [BindProperty(SupportsGet = true, Name = "filtre")]
    public Guid? FilterId { get; set; }

    [TempData]
    public string? FiltersSaved { get; set; }

    internal MatchFiltersView View { get; private set; } = null!;

    internal abstract MatchFilterOwnerKey Key { get; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (FilterId is { } id)
        {
            var filter = View.Filters.FirstOrDefault(f => f.Id == id);
            if (filter is null)
            {
                return NotFound();
            }

            Input = MatchFilterInput.From(filter.Values);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await this.ValidateIntoModelStateAsync(Input, nameof(Input), cancellationToken))
        {
            var saved = await mediator.Send(new SaveMatchFilterCommand(Key, FilterId, Input.ToValues(), Actor.From(User)), cancellationToken);
            if (!saved)
            {
                return NotFound();
            }

            FiltersSaved = FilterId is null ? "Le filtre a été ajouté." : "Le filtre a été modifié.";
            return Redirect(Request.Path);
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid filterId, CancellationToken cancellationToken)
    {
        if (!await mediator.Send(new DeleteMatchFilterCommand(Key, filterId, Actor.From(User)), cancellationToken))
        {
            return NotFound();
        }

        FiltersSaved = "Le filtre a été supprimé.";
        return Redirect(Request.Path);
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var view = await mediator.Send(new ShowMatchFiltersQuery(Key), cancellationToken);
        View = view!;
        return view is not null;
    }
}
