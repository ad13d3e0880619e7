using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.StartProConnectSignIn;

/// <summary>
/// The ProConnect button of <c>/connexion</c> posts here (with the anti-forgery token, like every form), and the agent is sent
/// to ProConnect; the Host's OpenID Connect handler receives the answer (docs/proconnect.md). Without the ProConnect
/// settings the Host registers no such handler and this address does not exist (404).
/// </summary>
internal sealed class StartProConnectSignInModel(IAuthenticationSchemeProvider schemes, ILogger<StartProConnectSignInModel> logger) : PageModel
{
    [BindProperty]
    public string? ReturnUrl { get; set; }

    /// <summary>Nothing to show: an address typed or bookmarked goes back to the sign-in page.</summary>
    public async Task<IActionResult> OnGetAsync() =>
        await IsOnAsync(schemes) ? Redirect("/connexion") : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await IsOnAsync(schemes))
        {
            return NotFound();
        }

        // Only a local address comes back after sign-in; the handler keeps it in its protected state, which nobody can alter.
        var properties = new AuthenticationProperties { RedirectUri = "/connexion" };
        if (Url.IsLocalUrl(ReturnUrl))
        {
            properties.Items[ProConnect.ReturnUrlItem] = ReturnUrl;
        }

        try
        {
            // Run here rather than as a ChallengeResult: the handler loads ProConnect's discovery document first, and a
            // ProConnect that does not answer must give a French message, not a 500.
            await HttpContext.ChallengeAsync(ProConnect.Scheme, properties);
            return new EmptyResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException && !HttpContext.Response.HasStarted)
        {
            logger.LogError(exception, "ProConnect could not be reached to start a sign-in: {Reason}", exception.Message);
            return Redirect($"/connexion?{ProConnect.OutcomeParameter}={ProConnect.Outcomes.Unavailable}");
        }
    }

    internal static async Task<bool> IsOnAsync(IAuthenticationSchemeProvider schemes) =>
        await schemes.GetSchemeAsync(ProConnect.Scheme) is not null;
}
