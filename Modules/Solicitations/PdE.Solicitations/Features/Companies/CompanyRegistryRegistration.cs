using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PdE.Solicitations.Features.Companies;

internal static class CompanyRegistryRegistration
{
    public static IServiceCollection AddCompanyRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CompanyRegistryOptions.Section).Get<CompanyRegistryOptions>() ?? new CompanyRegistryOptions();
        services.AddSingleton(options);

        switch (options.Mode.Trim().ToLowerInvariant())
        {
            case CompanyRegistryOptions.OfflineMode:
                services.AddSingleton<ICompanyRegistry, OfflineCompanyRegistry>();
                break;
            case CompanyRegistryOptions.OnlineMode:
                AddOnlineRegistry(services, options);
                break;
            default:
                throw new InvalidOperationException(
                    $"CompanyRegistry:Mode is \"{options.Mode}\": use \"{CompanyRegistryOptions.OnlineMode}\" (the Recherche d'entreprises API) "
                    + $"or \"{CompanyRegistryOptions.OfflineMode}\" (demo companies).");
        }

        return services;
    }

    private static void AddOnlineRegistry(IServiceCollection services, CompanyRegistryOptions options)
    {
        services.AddMemoryCache();
        services.AddHttpClient<RechercheEntreprisesRegistry>(client =>
            {
                client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                // The resilience pipeline owns every timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilience<RechercheEntreprisesRegistry>("Company registry", options);
        services.AddTransient<ICompanyRegistry>(sp => sp.GetRequiredService<RechercheEntreprisesRegistry>());
    }
}
