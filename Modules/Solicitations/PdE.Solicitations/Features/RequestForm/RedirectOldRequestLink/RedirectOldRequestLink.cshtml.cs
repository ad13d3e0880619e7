using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.RequestForm.RedirectOldRequestLink;

/// <summary>
/// The historical entry point: links to /demande (partners, old e-mails) still open a form. Requests without a chosen
/// subject go to "Autre demande", which the team orients; tracking parameters are passed on.
/// </summary>
internal sealed class RedirectOldRequestLinkModel : PageModel
{
    internal const string DefaultSubject = "autre-demande";

    public IActionResult OnGet() => Redirect($"/sujets/{DefaultSubject}/demande{Request.QueryString}");
}
