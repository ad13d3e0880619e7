using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Catalogue.AnswerGetPublicCatalogue;
using PdE.Directory.Features.ReferenceData;
using PdE.Directory.Features.Routing;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Shared.Web;

namespace PdE.Directory;

public static class DirectoryModule
{
    public static IServiceCollection AddDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(DirectorySchema.Name, typeof(DirectoryModule).Assembly));
        services.AddSingleton<IReferenceDataLoader, ReferenceDataLoader>();
        services.AddSingleton<IDemoDataSeeder, DirectoryDemoSeeder>();
        services.AddSingleton<MatchFilterCache>();
        services.AddSingleton<PublicCatalogueCache>();
        // Validators hold no state: built once, not for every request (their rules are compiled in their constructors).
        services.AddValidatorsFromAssembly(typeof(DirectoryModule).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSiteOptions(configuration);
        services.AddSingleton<AccountLinks>();
        // The one place data protection is set up: cookies and anti-forgery tokens of every host use the key ring kept in
        // PostgreSQL. Without a fixed name the ring is isolated per content root, and two hosts would reject each other's cookies.
        var dataProtection = services.AddDataProtection().SetApplicationName("place-des-entreprises");
        // Encrypted at rest when a certificate is configured: whoever reads the database (a dump, a backup) cannot forge
        // sessions with the keys. Certificates replaced later stay listed so that the keys they encrypted remain readable.
        if (configuration[DataProtectionCertificate.PathSetting] is { Length: > 0 })
        {
            var (current, previous) = DataProtectionCertificate.Load(configuration);
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([current, .. previous]);
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new DataProtectionKeyRepository(dataSource));
        return services;
    }
}
