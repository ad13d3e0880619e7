using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Data;
using PdE.Matching.Features.RemindWaitingRequesters;
using PdE.Matching.Routing;
using PdE.Shared.Db;
using Quartz;

namespace PdE.Matching;

public static class MatchingModule
{
    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(MatchingSchema.Name, typeof(MatchingModule).Assembly));
        services.AddScoped<RoutingProposer>();
        services.AddScoped<NeedDrafts>();
        // On the host's clustered scheduler: the first trigger stored is kept (README, changing a cron).
        services.AddTransient<RemindWaitingRequestersJob>();
        services.AddQuartz(quartz => quartz.ScheduleJob<RemindWaitingRequestersJob>(
            trigger => trigger
                .WithIdentity(RemindWaitingRequestersJob.Key)
                .WithCronSchedule(configuration[RemindWaitingRequestersJob.CronSetting] ?? RemindWaitingRequestersJob.DefaultCron,
                    cron => cron.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))),
            job => job.WithIdentity(RemindWaitingRequestersJob.Key)
                .WithDescription("Dire aux demandeurs dont aucun conseiller n’a pris la demande en charge après 9 jours qu’elle est toujours suivie")));
        return services;
    }
}
