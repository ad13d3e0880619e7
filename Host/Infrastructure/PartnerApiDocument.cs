using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PdE.Host.Infrastructure;

/// <summary>
/// The partner API's OpenAPI description (<c>/api/v1/openapi.json</c>), generated from the endpoints' own declarations
/// (Modules/Solicitations/…/SolicitationsModule.cs) so that it cannot drift from them; API.md says the rest in prose.
/// </summary>
public static class PartnerApiDocument
{
    public const string Route = "/api/{documentName}/openapi.json";

    private const string BearerScheme = "cle-api";

    public static IServiceCollection AddPartnerApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "API partenaires de Place des Entreprises",
                    Version = "v1",
                    Description = "Envoyer les demandes déposées sur le site d’un partenaire, lire le catalogue public et suivre "
                        + "les demandes envoyées. Chaque appel porte une clé d’API : « Authorization: Bearer <clé> ».",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Clé créée par l’équipe sur /admin/cles-api (pde_ suivi de 43 caractères).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                return Task.CompletedTask;
            });
        });
}
