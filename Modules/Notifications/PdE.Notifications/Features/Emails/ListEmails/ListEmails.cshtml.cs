using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Notifications.Features.Emails.ListEmails;

/// <summary>« E-mails » (admins): every e-mail the site wrote, by state, kind, recipient or subject; failed ones with why.</summary>
internal sealed class ListEmailsModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "etat")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "modele")]
    public string? Template { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    // "page" is also Razor Pages' own route value: read from the query string only.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    internal EmailPage Result { get; private set; } = null!;

    internal string Query => string.Join('&', new[]
    {
        string.IsNullOrWhiteSpace(Status) ? null : "etat=" + Uri.EscapeDataString(Status),
        string.IsNullOrWhiteSpace(Search) ? null : "q=" + Uri.EscapeDataString(Search),
        string.IsNullOrWhiteSpace(Template) ? null : "modele=" + Uri.EscapeDataString(Template),
        From is null ? null : "du=" + From.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        To is null ? null : "au=" + To.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => p is not null));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Result = await mediator.Send(new ListEmailsQuery(Status, Search, Template, From, To, PageNumber), cancellationToken);
}
