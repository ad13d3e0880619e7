using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Db;
using PdE.Stats.Data;

namespace PdE.Stats;

public static class StatsModule
{
    public static IServiceCollection AddStats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(StatsSchema.Name, typeof(StatsModule).Assembly));
        services.AddMemoryCache();
        return services;
    }
}
