using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Notifications.Features.Emails.PreviewTemplates;

/// <summary>« Modèles d’e-mails » (admins): every kind of e-mail the site writes, each leading to its preview.</summary>
internal sealed class ListTemplatesModel : PageModel
{
    public void OnGet()
    {
    }
}
