using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Data;
using PdE.Directory.ReferenceData;
using PdE.Shared.Db;
using PdE.Shared.Migrations;

namespace PdE.Directory;

public static class DirectoryModule
{
    public static IServiceCollection AddDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(DirectorySchema.Name, typeof(DirectoryModule).Assembly));
        services.AddSingleton<IReferenceDataLoader, ReferenceDataLoader>();
        services.AddSingleton<IDemoDataSeeder, DirectoryDemoSeeder>();
        return services;
    }
}
