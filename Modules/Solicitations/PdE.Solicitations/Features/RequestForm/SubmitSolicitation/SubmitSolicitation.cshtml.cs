using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

/// <summary>Step 3 of 3: the need in the person's words, guided by the subject, and its yes/no questions.</summary>
internal sealed class SubmitSolicitationModel(IMediator mediator, Microsoft.Extensions.Options.IOptions<SiteOptions> site) : PageModel
{
    public const string Yes = "oui";
    public const string No = "non";

    [BindProperty]
    public SubmitSolicitationInput Input { get; set; } = new();

    internal DraftContext Context { get; private set; } = null!;

    // From the configured address, never the request's Host header, which a client chooses.
    public string ResumeUrl => site.Value.Url(Context.ResumePath);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        Input.Description = Context.Draft.Description ?? Context.Subject.Prompt;
        var saved = JsonSerializer.Deserialize<List<QuestionAnswer>>(Context.Draft.Answers, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        Input.Answers = Context.Subject.Questions
            .Select(q => saved.FirstOrDefault(a => a.Slug == q.Slug)?.Answer switch { true => Yes, false => No, null => null })
            .ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        var answers = Context.Subject.Questions
            .Select((q, i) => new QuestionAnswer(q.Slug, q.Label, Input.Answers.ElementAtOrDefault(i) switch { Yes => true, No => false, _ => null }))
            .ToList();
        var command = new SubmitSolicitationCommand(Context.Draft.Id, (Input.Description ?? "").Trim(), Context.Subject.Prompt, answers);
        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            // Nothing typed is lost: the draft keeps it for the resume link.
            await mediator.Send(new SaveDescriptionDraftCommand(Context.Draft.Id, command.Description, answers), cancellationToken);
            return Page();
        }

        await mediator.Send(command, cancellationToken);
        return Redirect(Context.ReceiptPath);
    }

    /// <summary>Null when the page can show; otherwise where to go (404, step 2 not done, or a request already sent).</summary>
    private async Task<IActionResult?> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var context = await DraftContext.LoadAsync(mediator, token, cancellationToken);
        if (context is null)
        {
            return NotFound();
        }

        Context = context;
        if (!context.Draft.IsDraft)
        {
            return Redirect(context.ReceiptPath);
        }

        return context.Draft.HasPlace ? null : Redirect($"/ma-demande/{token}/entreprise");
    }
}

internal sealed class SubmitSolicitationInput
{
    public string? Description { get; set; }

    /// <summary>"oui" or "non" per question of the subject, in order.</summary>
    public List<string?> Answers { get; set; } = [];
}
