using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Shared.Web;
using PdE.Solicitations.DemoData;
using PdE.Solicitations.Features.Companies;
using PdE.Solicitations.Features.Companies.CheckCompanyRegisters;
using PdE.Solicitations.Features.Companies.EnrichPendingSolicitations;
using PdE.Solicitations.Features.FollowUp;
using PdE.Solicitations.Features.PartnerApi.ReadPartnerCatalogue;
using PdE.Solicitations.Features.PartnerApi.ShowPartnerSolicitation;
using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;
using PdE.Solicitations.Features.RequestForm.RelaunchUnfinishedRequests;
using PdE.Solicitations.Features.Retention;
using Quartz;

namespace PdE.Solicitations;

public static class SolicitationsModule
{
    public static IServiceCollection AddSolicitations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(SolicitationsSchema.Name, typeof(SolicitationsModule).Assembly));
        // Validators hold no state: built once, not for every request (their rules are compiled in their constructors).
        services.AddValidatorsFromAssembly(typeof(SolicitationsModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<IDemoDataSeeder, SolicitationsDemoSeeder>();
        services.AddCompanyRegistry(configuration);
        services.AddCompanyRegisters(configuration);
        services.AddSiteOptions(configuration);
        services.AddSingleton<FollowUpLinks>();
        services.AddTransient<EnrichPendingSolicitationsJob>();
        services.AddTransient<CheckCompanyRegistersJob>();
        services.AddTransient<RelaunchUnfinishedRequestsJob>();
        services.AddTransient<ExpirePersonalDataJob>();
        // The host runs the scheduler on its clustered store. Every host declares these triggers under the same keys and the
        // first one stored is kept (not replaced), so each fires once across hosts; see README for changing a cron.
        services.AddQuartz(quartz =>
        {
            quartz.ScheduleJob<EnrichPendingSolicitationsJob>(
                trigger => trigger
                    .WithIdentity("enrich-pending-solicitations")
                    .WithCronSchedule(configuration[EnrichPendingSolicitationsJob.CronSetting] ?? EnrichPendingSolicitationsJob.DefaultCron),
                job => job.WithDescription("Compléter les demandes avec le répertoire des entreprises (nom, commune, activité) quand il était indisponible"));
            quartz.ScheduleJob<CheckCompanyRegistersJob>(
                trigger => trigger
                    .WithIdentity("check-company-registers")
                    .WithCronSchedule(configuration[CheckCompanyRegistersJob.CronSetting] ?? CheckCompanyRegistersJob.DefaultCron),
                job => job.WithIdentity(CheckCompanyRegistersJob.Key)
                    .WithDescription("Vérifier l’inscription des entreprises au RCS et au RM"));
            quartz.ScheduleJob<RelaunchUnfinishedRequestsJob>(
                trigger => trigger
                    .WithIdentity(RelaunchUnfinishedRequestsJob.Key)
                    .WithCronSchedule(configuration[RelaunchUnfinishedRequestsJob.CronSetting] ?? RelaunchUnfinishedRequestsJob.DefaultCron),
                job => job.WithIdentity(RelaunchUnfinishedRequestsJob.Key)
                    .WithDescription("Relancer par e-mail les demandes commencées mais pas envoyées (le lendemain, puis le surlendemain)"));
            quartz.ScheduleJob<ExpirePersonalDataJob>(
                trigger => trigger
                    .WithIdentity(ExpirePersonalDataJob.Key)
                    .WithCronSchedule(configuration[ExpirePersonalDataJob.CronSetting] ?? ExpirePersonalDataJob.DefaultCron),
                job => job.WithIdentity(ExpirePersonalDataJob.Key)
                    .WithDescription("Effacer les données personnelles de plus de 3 ans (demandes, besoins, messages, e-mails)"));
        });
        // The host adds the rate limiter middleware; the partner API brings its own per-key policy.
        services.AddSingleton<ValidPartnerKeys>();
        services.AddRateLimiter(options => options.AddPolicy<string, PartnerApiRateLimitPolicy>(PartnerApiRateLimitPolicy.Name));
        return services;
    }

    /// <summary>
    /// The partner API (Features/PartnerApi/SubmitPartnerSolicitation/API.md): endpoints that are not Razor Pages, each
    /// described for the OpenAPI document the host serves at /api/v1/openapi.json.
    /// </summary>
    public static IEndpointRouteBuilder MapSolicitationsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").RequireRateLimiting(PartnerApiRateLimitPolicy.Name)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost(SubmitPartnerSolicitationEndpoint.Route, SubmitPartnerSolicitationEndpoint.HandleAsync)
            .WithSummary("Envoyer une demande d’entreprise")
            .WithDescription("La demande passe par les mêmes contrôles que le formulaire du site, et est enregistrée en une fois.")
            .Accepts<PartnerSolicitationRequest>("application/json")
            .Produces<PartnerSolicitationCreated>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        api.MapGet(ShowPartnerSolicitationEndpoint.Route, ShowPartnerSolicitationEndpoint.HandleAsync)
            .WithSummary("Où en est une demande envoyée par votre institution")
            .Produces<ApiSolicitation>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(ReadPartnerCatalogueEndpoints.ThemesRoute, ReadPartnerCatalogueEndpoints.ThemesAsync)
            .WithSummary("Les thèmes du catalogue public, avec leurs sujets")
            .Produces<List<ApiTheme>>();
        api.MapGet(ReadPartnerCatalogueEndpoints.SubjectsRoute, ReadPartnerCatalogueEndpoints.SubjectsAsync)
            .WithSummary("Les sujets du catalogue public, avec leurs textes et leurs questions")
            .Produces<List<ApiSubject>>();
        api.MapGet(ReadPartnerCatalogueEndpoints.LandingsRoute, ReadPartnerCatalogueEndpoints.LandingsAsync)
            .WithSummary("Les pages d’accueil (landings) et leurs thèmes")
            .Produces<List<ApiLanding>>();
        return endpoints;
    }
}
