using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Data;
using PdE.Matching.Features.Reminders;
using PdE.Matching.Features.Satisfaction;
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
        services.AddValidatorsFromAssembly(typeof(MatchingModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        // The reminders run every morning (Paris time) on the host's clustered scheduler: the first trigger stored is kept
        // (README, changing a cron); each job marks what it told, so a run on two hosts tells once.
        services.AddTransient<RemindWaitingRequestersJob>();
        services.AddTransient<RemindExpertsLastChanceJob>();
        services.AddTransient<TellRequestersNobodyAnsweredJob>();
        services.AddTransient<SendWeeklyRecapsJob>();
        services.AddTransient<SendSatisfactionSurveysJob>();
        services.AddQuartz(quartz =>
        {
            void Daily<TJob>(string key, string cronSetting, string defaultCron, string description)
                where TJob : IJob =>
                quartz.ScheduleJob<TJob>(
                    trigger => trigger
                        .WithIdentity(key)
                        .WithCronSchedule(configuration[cronSetting] ?? defaultCron, cron => cron.InTimeZone(Paris)),
                    job => job.WithIdentity(key).WithDescription(description));

            Daily<RemindWaitingRequestersJob>(RemindWaitingRequestersJob.Key, RemindWaitingRequestersJob.CronSetting, "0 0 9 * * ?",
                "Dire aux demandeurs dont aucun conseiller n’a pris la demande en charge après 9 jours qu’elle est toujours suivie");
            Daily<RemindExpertsLastChanceJob>(RemindExpertsLastChanceJob.Key, RemindExpertsLastChanceJob.CronSetting, "0 30 8 * * ?",
                "Relancer une dernière fois les conseillers qui n’ont pas répondu à un besoin après 21 jours");
            Daily<TellRequestersNobodyAnsweredJob>(TellRequestersNobodyAnsweredJob.Key, TellRequestersNobodyAnsweredJob.CronSetting, "0 15 9 * * ?",
                "Dire aux demandeurs qu’aucun conseiller n’a pu répondre après 45 jours, et que faire");
            Daily<SendWeeklyRecapsJob>(SendWeeklyRecapsJob.Key, SendWeeklyRecapsJob.CronSetting, "0 0 8 ? * MON",
                "Envoyer chaque lundi aux conseillers le récapitulatif de leurs besoins en attente de réponse");
            Daily<SendSatisfactionSurveysJob>(SendSatisfactionSurveysJob.Key, SendSatisfactionSurveysJob.CronSetting, "0 0 10 * * ?",
                "Envoyer le questionnaire de satisfaction aux demandeurs dont le besoin a été clôturé avec une aide il y a 10 jours");
        });
        return services;
    }

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
}
