using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Matching.Matches;
using PdE.Shared.Web;

namespace PdE.Matching.Features.Satisfaction.AnswerSurvey;

/// <summary>
/// The satisfaction survey, opened from the e-mail's private link by the requester (no account). The e-mail's « Oui » and
/// « Non » links only tick the first question: opening a link records nothing, since mail filters open links too.
/// </summary>
internal sealed class AnswerSurveyModel(IMediator mediator) : PageModel
{
    public const string Yes = "oui";
    public const string No = "non";

    [BindProperty]
    public SurveyInput Input { get; set; } = new();

    internal SurveyView Survey { get; private set; } = null!;

    internal string SubjectLabel { get; private set; } = "";

    /// <summary>This post recorded the answer: the page thanks (an answer given earlier is said as such).</summary>
    public bool JustAnswered { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, [FromQuery(Name = "contacte")] string? contacted, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return NotFound();
        }

        Input.ContactedByExpert = contacted is Yes or No ? contacted : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken))
        {
            return NotFound();
        }

        if (Survey.AnsweredAt is not null)
        {
            return Page();
        }

        var command = new AnswerSurveyCommand(token, YesNo(Input.ContactedByExpert), YesNo(Input.UsefulExchange), Input.Comment);
        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            return Page();
        }

        await mediator.Send(command, cancellationToken);
        // Whether this post or one a moment earlier recorded it, the answer is in: the page thanks.
        JustAnswered = true;
        return Page();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        // The token is the only key to the page: never let a shared proxy or the referrer keep it.
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        if (await mediator.Send(new GetSurveyQuery(token), cancellationToken) is not { } survey)
        {
            return false;
        }

        Survey = survey;
        SubjectLabel = (await SubjectLabels.LoadAsync(mediator, cancellationToken)).GetValueOrDefault(survey.SubjectSlug, "votre besoin");
        return true;
    }

    private static bool? YesNo(string? value) => value switch { Yes => true, No => false, _ => null };
}

internal sealed class SurveyInput
{
    /// <summary>« oui » or « non »: did an expert contact them.</summary>
    public string? ContactedByExpert { get; set; }

    /// <summary>« oui » or « non »: was the exchange useful.</summary>
    public string? UsefulExchange { get; set; }

    public string? Comment { get; set; }
}
