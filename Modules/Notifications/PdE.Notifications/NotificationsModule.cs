using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Notifications.Data;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.NotifyCompanyOfAnswer;
using PdE.Shared.Db;
using PdE.Shared.Web;
using Quartz;

namespace PdE.Notifications;

public static class NotificationsModule
{
    /// <param name="contentRoot">Base folder for a relative Mail:PickupDirectory.</param>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddModuleSchema(new ModuleSchema(NotificationsSchema.Name, typeof(NotificationsModule).Assembly));
        services.AddSiteOptions(configuration);
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<EmailQueue>();
        services.AddScoped<RequesterEmails>();
        // The company hears of an expert's answer once it held for a minute: this job sends the due e-mails, on one host at a
        // time (the host's clustered scheduler; a stored trigger is kept, see README on changing a cron).
        services.AddTransient<SendCompanyNoticesJob>();
        services.AddQuartz(quartz => quartz.ScheduleJob<SendCompanyNoticesJob>(
            trigger => trigger
                .WithIdentity(SendCompanyNoticesJob.Key)
                .WithCronSchedule(configuration[SendCompanyNoticesJob.CronSetting] ?? SendCompanyNoticesJob.DefaultCron),
            job => job.WithIdentity(SendCompanyNoticesJob.Key)
                .WithDescription("Dire aux entreprises qu’un conseiller a répondu (une minute après sa réponse, si elle tient)")));

        var smtp = configuration.GetSection("Smtp").Get<SmtpOptions>() ?? new SmtpOptions();
        services.AddSingleton(smtp);
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            // No SMTP server configured: write .eml files a developer can open (README, Configuration: Mail:PickupDirectory).
            var folder = Path.GetFullPath(configuration["Mail:PickupDirectory"] ?? ".data/mail", contentRoot);
            services.AddSingleton<IMailDelivery>(new PickupDirectoryMailDelivery(folder));
        }
        else
        {
            services.AddSingleton<IMailDelivery, SmtpMailDelivery>();
        }

        return services;
    }
}
