using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Host.Features.Erreur;

[IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // The code comes from the address only: a form field named "code" in a failed POST must not choose the status.
    public void OnGet([FromRoute] int? code) => Describe(code ?? Failed);

    // The exception handler re-executes the failed request's method, so a failed POST lands here too.
    public void OnPost([FromRoute] int? code) => Describe(code ?? Failed);

    /// <summary>The status the exception handler chose (413 for a body over the limit), else 500.</summary>
    private int Failed => Response.StatusCode is >= 400 and <= 599 ? Response.StatusCode : 500;

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
            400 => ("Requête invalide", "Votre demande n’a pas pu être traitée : elle contient peut-être un caractère invalide (par exemple un caractère de contrôle copié d’un autre logiciel). Revenez à la page précédente, retirez-le et réessayez."),
            405 => ("Action impossible", "Cette page ne peut pas être envoyée de cette façon. Revenez à la page précédente, rechargez-la et réessayez."),
            413 => ("Envoi trop volumineux", "Ce que vous avez envoyé dépasse la taille acceptée. Réduisez la taille du texte ou du fichier et réessayez."),
            429 => ("Trop de demandes", "Vous avez envoyé trop de demandes en peu de temps. Patientez quelques minutes avant de réessayer."),
            _ => ("Erreur inattendue", "Désolé, le service rencontre un problème, nous travaillons pour le résoudre le plus rapidement possible. Vos données déjà enregistrées sont conservées : réessayez dans quelques instants."),
        };
    }
}
