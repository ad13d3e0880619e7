using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Notifications.Features.Emails.ShowEmail;

/// <summary>One e-mail as its recipient reads it, its delivery (attempts, error, next attempt), and « Renvoyer » once failed.</summary>
internal sealed class ShowEmailModel(IMediator mediator) : PageModel
{
    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal StoredEmail Email { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>The HTML version alone, for the page's frame.</summary>
    public async Task<IActionResult> OnGetHtmlAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? EmailHtml.Result(Response, Email.HtmlBody) : NotFound();

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new ResendEmailCommand(id, User.Identity?.Name ?? "Administrateur"), cancellationToken))
        {
            Done = "L’e-mail est renvoyé : il part dans un instant. Son état se met à jour sur cette page.";
            return RedirectToPage(new { id });
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Refused = Email.Status == "sent"
            ? "Cet e-mail est déjà parti : il n’est pas renvoyé une seconde fois."
            : "Cet e-mail est déjà en attente d’envoi : il n’est pas renvoyé une seconde fois.";
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Email = (await mediator.Send(new ShowEmailQuery(id), cancellationToken))!;
        return Email is not null;
    }
}
