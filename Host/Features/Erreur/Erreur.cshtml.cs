using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Host.Features.Erreur;

[IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code ?? 500);

    // The exception handler re-executes the failed request's method, so a failed POST lands here too.
    public void OnPost(int? code) => Describe(code ?? 500);

    private void Describe(int code)
    {
        // Anyone can type /erreur/200 or /erreur/99: outside the error range they would send a success or an invalid
        // status line, so such an address is simply a page that does not exist.
        Code = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        (Title, Message) = Code switch
        {
            404 => ("Page non trouvée", "La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée. Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte."),
            403 => ("Accès refusé", "Vous n’avez pas les droits nécessaires pour accéder à cette page."),
            400 => ("Requête invalide", "Votre demande n’a pas pu être traitée. Revenez à la page précédente et réessayez."),
            429 => ("Trop de demandes", "Vous avez envoyé trop de demandes en peu de temps. Patientez quelques minutes avant de réessayer."),
            _ => ("Erreur inattendue", "Désolé, le service rencontre un problème, nous travaillons pour le résoudre le plus rapidement possible. Vos données déjà enregistrées sont conservées : réessayez dans quelques instants."),
        };
    }
}
