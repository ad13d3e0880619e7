using FluentValidation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Db;
using PdE.Solicitations.CompanyRegistry;
using PdE.Solicitations.Data;

namespace PdE.Solicitations;

public static class SolicitationsModule
{
    public static IServiceCollection AddSolicitations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleSchema(new ModuleSchema(SolicitationsSchema.Name, typeof(SolicitationsModule).Assembly));
        services.AddValidatorsFromAssembly(typeof(SolicitationsModule).Assembly, includeInternalTypes: true);
        services.AddCompanyRegistry(configuration);
        return services;
    }
}
