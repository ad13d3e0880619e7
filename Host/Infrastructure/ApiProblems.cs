using System.Diagnostics;
using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Under /api, errors the endpoints do not answer themselves (an unexpected exception, an unknown address, a wrong method)
/// are French problem details (RFC 9457) like the endpoints' own, not the site's HTML error page a program cannot read.
/// </summary>
internal static class ApiProblems
{
    /// <summary>Goes inside the site's own exception handler and status code pages, which then see an answered request.</summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
                ExceptionHandler = context =>
                {
                    if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge)
                    {
                        return WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Requête trop volumineuse",
                            "Le corps de la requête dépasse la taille acceptée : une demande tient en quelques kilo-octets.", traceId: null);
                    }

                    if (context.Response.StatusCode == StatusCodes.Status400BadRequest)
                    {
                        return WriteAsync(context, StatusCodes.Status400BadRequest, "Requête illisible",
                            "La requête n’a pas pu être lue : vérifiez son format et sa taille annoncée.", traceId: null);
                    }

                    // The operator finds the exception in the log (the exception handler logs it) by this trace id.
                    var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
                    return WriteAsync(context, StatusCodes.Status500InternalServerError, "Erreur interne",
                        "Le service a rencontré une erreur inattendue et n’a pas pu traiter votre demande. "
                        + $"Réessayez dans quelques instants ; si l’erreur persiste, écrivez à l’équipe Place des Entreprises en citant la référence {traceId}.",
                        traceId);
                },
            });
            api.UseStatusCodePages(async statusContext =>
            {
                var context = statusContext.HttpContext;
                var (title, detail) = context.Response.StatusCode switch
                {
                    StatusCodes.Status404NotFound => ("Adresse inconnue",
                        $"L’API ne connaît pas l’adresse {context.Request.Path} : vérifiez-la dans la documentation de l’API partenaire."),
                    StatusCodes.Status405MethodNotAllowed => ("Méthode non autorisée",
                        $"L’adresse {context.Request.Path} n’accepte pas la méthode {context.Request.Method} ; méthodes acceptées : {context.Response.Headers.Allow}."),
                    StatusCodes.Status415UnsupportedMediaType => ("Format non pris en charge",
                        "Envoyez le corps de la demande en JSON, avec l’en-tête « Content-Type: application/json »."),
                    var code => ("Erreur", $"La demande n’a pas pu être traitée (code {code})."),
                };
                await WriteAsync(context, context.Response.StatusCode, title, detail, traceId: null);
            });
        });

    private static Task WriteAsync(HttpContext context, int statusCode, string title, string detail, string? traceId) =>
        ApiProblem.Result(statusCode, title, detail, traceId: traceId).ExecuteAsync(context);
}
