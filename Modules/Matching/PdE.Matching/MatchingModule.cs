using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Data;
using PdE.Shared.Db;

namespace PdE.Matching;

public static class MatchingModule
{
    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(MatchingSchema.Name, typeof(MatchingModule).Assembly));
        return services;
    }
}
