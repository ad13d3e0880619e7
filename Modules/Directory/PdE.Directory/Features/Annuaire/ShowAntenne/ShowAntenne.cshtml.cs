using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Annuaire.BulkEditExperts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ShowAntenne;

/// <summary>The antenne, and the grid to edit its experts in bulk: tick rows, then apply one action to all of them.</summary>
internal sealed class ShowAntenneModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    // "page" is also Razor Pages' own route value (the page's name), which [BindProperty] reads first: page 2 showed page 1.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public List<Guid> ExpertIds { get; set; } = [];

    [BindProperty]
    public BulkInput Bulk { get; set; } = new();

    [TempData]
    public string? BulkMessage { get; set; }

    /// <summary>Set when the last action was refused: the page comes back with the rows still ticked.</summary>
    public string? BulkError { get; private set; }

    internal AntenneDetails Antenne { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostAssignSubjectAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new AssignSubjectToExpertsCommand(Selection(id), Bulk.AssignSubjectId ?? Guid.Empty, Bulk.Criteria), cancellationToken);

    public Task<IActionResult> OnPostRemoveSubjectAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new RemoveSubjectFromExpertsCommand(Selection(id), Bulk.RemoveSubjectId ?? Guid.Empty), cancellationToken);

    public Task<IActionResult> OnPostSetCoverageAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new SetExpertsCoverageCommand(Selection(id), Bulk.CoverageMode, Bulk.CommuneCodes), cancellationToken);

    public Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new MoveExpertsCommand(Selection(id), Bulk.TargetAntenneId ?? Guid.Empty), cancellationToken);

    public async Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!Bulk.ConfirmDeactivation)
        {
            BulkError = "Cochez « Je confirme la suppression » pour supprimer les conseillers cochés.";
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        return await ApplyAsync(id, new DeactivateExpertsCommand(Selection(id)), cancellationToken);
    }

    public Task<IActionResult> OnPostInviteAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new InviteExpertsCommand(Selection(id)), cancellationToken);

    private ExpertSelection Selection(Guid antenneId) => new(antenneId, ExpertIds, Actor.From(User));

    private async Task<IActionResult> ApplyAsync(Guid id, ICommand<BulkEditResult> command, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        if (result.Succeeded)
        {
            BulkMessage = result.Message;
            // Back to the same page of the grid, with the same search ("page" cannot be a route value: Razor Pages reserves it).
            var query = QueryString.Create(new Dictionary<string, string?>
            {
                ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
                ["page"] = PageNumber > 1 ? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            }.Where(pair => pair.Value is not null));
            return Redirect($"/admin/annuaire/antennes/{id}{query}");
        }

        BulkError = result.Message;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var antenne = await mediator.Send(new ShowAntenneQuery(id, Search, PageNumber), cancellationToken);
        if (antenne is null)
        {
            return false;
        }

        Antenne = antenne;
        return true;
    }

    public sealed class BulkInput
    {
        public Guid? AssignSubjectId { get; set; }

        public string? Criteria { get; set; }

        public Guid? RemoveSubjectId { get; set; }

        /// <summary>The value of the chosen radio button: a name of <see cref="BulkEditExperts.CoverageMode"/>.</summary>
        public string Coverage { get; set; } = nameof(BulkEditExperts.CoverageMode.Antenne);

        internal CoverageMode CoverageMode => Enum.TryParse<CoverageMode>(Coverage, out var mode) ? mode : CoverageMode.Antenne;

        public string? CommuneCodes { get; set; }

        public Guid? TargetAntenneId { get; set; }

        public bool ConfirmDeactivation { get; set; }
    }
}
