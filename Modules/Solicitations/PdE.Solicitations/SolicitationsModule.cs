using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Solicitations.CompanyRegistry;
using PdE.Solicitations.Data;
using PdE.Solicitations.Features.EnrichPendingSolicitations;
using Quartz;

namespace PdE.Solicitations;

public static class SolicitationsModule
{
    public static IServiceCollection AddSolicitations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(SolicitationsSchema.Name, typeof(SolicitationsModule).Assembly));
        services.AddValidatorsFromAssembly(typeof(SolicitationsModule).Assembly, includeInternalTypes: true);
        services.AddSingleton<IDemoDataSeeder, SolicitationsDemoSeeder>();
        services.AddCompanyRegistry(configuration);
        services.AddSingleton(new FollowUpLinks(configuration["Site:BaseUrl"] ?? "http://localhost:5080"));
        services.AddTransient<EnrichPendingSolicitationsJob>();
        // The host runs the scheduler on its clustered store. Every host declares this trigger under the same key and the
        // first one stored is kept (not replaced), so it fires once across hosts; see README for changing the cron.
        services.AddQuartz(quartz => quartz.ScheduleJob<EnrichPendingSolicitationsJob>(trigger => trigger
            .WithIdentity("enrich-pending-solicitations")
            .WithCronSchedule(configuration[EnrichPendingSolicitationsJob.CronSetting] ?? EnrichPendingSolicitationsJob.DefaultCron)));
        return services;
    }
}
