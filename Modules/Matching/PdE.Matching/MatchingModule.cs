using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Data;
using PdE.Matching.Routing;
using PdE.Shared.Db;

namespace PdE.Matching;

public static class MatchingModule
{
    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(MatchingSchema.Name, typeof(MatchingModule).Assembly));
        services.AddScoped<RoutingProposer>();
        services.AddScoped<NeedDrafts>();
        return services;
    }
}
