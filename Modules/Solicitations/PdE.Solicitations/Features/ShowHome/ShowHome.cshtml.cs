using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.ShowHome;

public sealed class ShowHomeModel : PageModel
{
    public void OnGet()
    {
    }
}
