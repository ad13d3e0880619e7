using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveSubject;

/// <summary>
/// « Ajouter un sujet » (no slug in the address) and a subject's page: its texts and options, its yes/no questions,
/// archiving and restoring it, its history.
/// </summary>
internal sealed class SaveSubjectPageModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public SubjectInput Input { get; set; } = new();

    [BindProperty]
    public string? QuestionLabel { get; set; }

    [BindProperty]
    public Guid? InstitutionId { get; set; }

    [BindProperty]
    public string? Variant { get; set; }

    [FromRoute(Name = "subject")]
    public string? Slug { get; set; }

    public bool IsNew => Slug is null;

    internal SubjectDetails? Details { get; private set; }

    internal IReadOnlyList<(string Slug, string Label)> Themes { get; private set; } = [];

    internal IReadOnlyList<SubjectInstitution> Institutions { get; private set; } = [];

    internal IReadOnlyList<(Guid Id, string Name)> InstitutionChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Details is { State: var state })
        {
            Input = new SubjectInput
            {
                ThemeSlug = state.ThemeSlug, Label = state.Label, Position = state.Position, Description = state.Description, Guidance = state.Guidance,
                Prompt = state.Prompt, AsksCommune = state.AsksCommune, AsksAmount = state.AsksAmount,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (await this.SaveAsync(mediator, Input.ToCommand(Slug, Actor.From(User)), cancellationToken) is null)
        {
            return Page();
        }

        TempData["CatalogueSaved"] = IsNew
            ? $"Le sujet « {Input.Label?.Trim()} » a été ajouté : ajoutez-lui ses questions, et rattachez-le aux institutions qui le traitent."
            : "Les modifications du sujet ont été enregistrées.";
        return Redirect($"/admin/catalogue/sujets/{(IsNew ? Input.Slug?.Trim() : Slug)}");
    }

    public Task<IActionResult> OnPostArchiveAsync(CancellationToken cancellationToken) => ArchiveAsync(true, cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(CancellationToken cancellationToken) => ArchiveAsync(false, cancellationToken);

    public Task<IActionResult> OnPostAddQuestionAsync(CancellationToken cancellationToken) =>
        ChangeAsync(new ChangeQuestionCommand(Slug!, QuestionLabel ?? "", null, Actor.From(User)), nameof(QuestionLabel), "La question a été ajoutée.", "#questions", cancellationToken);

    public Task<IActionResult> OnPostRemoveQuestionAsync(string question, CancellationToken cancellationToken) =>
        ChangeAsync(new ChangeQuestionCommand(Slug!, null, question, Actor.From(User)), string.Empty, "La question a été retirée.", "#questions", cancellationToken);

    public Task<IActionResult> OnPostAttachInstitutionAsync(CancellationToken cancellationToken) =>
        ChangeAsync(new ChangeSubjectInstitutionCommand(Slug!, InstitutionId ?? Guid.Empty, Variant, null, Actor.From(User)), nameof(InstitutionId),
            "L’institution est rattachée au sujet : donnez-le à ses conseillers depuis leur antenne, dans l’annuaire.", "#institutions", cancellationToken);

    public Task<IActionResult> OnPostDetachInstitutionAsync(Guid institutionSubject, CancellationToken cancellationToken) =>
        ChangeAsync(new ChangeSubjectInstitutionCommand(Slug!, null, null, institutionSubject, Actor.From(User)), string.Empty,
            "L’institution n’est plus rattachée au sujet.", "#institutions", cancellationToken);

    private async Task<IActionResult> ArchiveAsync(bool archived, CancellationToken cancellationToken)
    {
        if (Slug is null)
        {
            return NotFound();
        }

        if (await mediator.Send(new ArchiveSubjectCommand(Slug, archived, Actor.From(User)), cancellationToken) is { } refusal)
        {
            return await ShowAsync(string.Empty, refusal, cancellationToken);
        }

        TempData["CatalogueSaved"] = archived
            ? "Le sujet est archivé : le site public ne le propose plus. Les demandes déjà reçues le gardent."
            : "Le sujet est de nouveau proposé sur le site public.";
        return Redirect($"/admin/catalogue/sujets/{Slug}");
    }

    private async Task<IActionResult> ChangeAsync(ICommand<string?> command, string field, string done, string anchor, CancellationToken cancellationToken)
    {
        if (Slug is null)
        {
            return NotFound();
        }

        if (await mediator.Send(command, cancellationToken) is { } refusal)
        {
            return await ShowAsync(field, refusal, cancellationToken);
        }

        TempData["CatalogueSaved"] = done;
        return Redirect($"/admin/catalogue/sujets/{Slug}{anchor}");
    }

    /// <summary>The page again with a refusal under its field, the form showing the subject as saved.</summary>
    private async Task<IActionResult> ShowAsync(string field, string refusal, CancellationToken cancellationToken)
    {
        var (typed, institution, variant) = (QuestionLabel, InstitutionId, Variant);
        var result = await OnGetAsync(cancellationToken);
        (QuestionLabel, InstitutionId, Variant) = (typed, institution, variant);
        ModelState.AddModelError(field, refusal);
        return result;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Themes = await mediator.Send(new ThemeChoicesQuery(), cancellationToken);
        if (Slug is null)
        {
            return true;
        }

        Details = await mediator.Send(new SubjectDetailsQuery(Slug), cancellationToken);
        (Institutions, InstitutionChoices) = await mediator.Send(new SubjectInstitutionsQuery(Slug), cancellationToken);
        return Details is not null;
    }
}
