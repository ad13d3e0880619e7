using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Db;
using PdE.Stats.Data;
using PdE.Stats.Features.AnswerGetKeyFigures;
using PdE.Stats.Features.Exports.ProduceExports;
using PdE.Stats.Features.Shared;
using Quartz;

namespace PdE.Stats;

public static class StatsModule
{
    public static IServiceCollection AddStats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(StatsSchema.Name, typeof(StatsModule).Assembly));
        services.AddSingleton<KeyFiguresMemory>();
        services.AddSingleton<ActivityFolder>();
        services.AddHostedService(provider => provider.GetRequiredService<ActivityFolder>());
        // Exports are written in the background, on one host at a time (the host's clustered scheduler): started when one is
        // asked for, and every minute for those a stopped host left, and to delete those past their week.
        services.AddTransient<ProduceExportsJob>();
        services.AddQuartz(quartz => quartz.ScheduleJob<ProduceExportsJob>(
            trigger => trigger
                .WithIdentity(ProduceExportsJob.Key.Name)
                .WithCronSchedule(configuration[ProduceExportsJob.CronSetting] ?? ProduceExportsJob.DefaultCron),
            job => job.WithIdentity(ProduceExportsJob.Key)
                .WithDescription("Écrire les exports de demandes, de besoins et de mises en relation demandés, et supprimer ceux de plus d’une semaine")));
        return services;
    }
}
