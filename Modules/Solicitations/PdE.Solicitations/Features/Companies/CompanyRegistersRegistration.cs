using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Shared.Validation;

namespace PdE.Solicitations.Features.Companies;

internal static class CompanyRegistersRegistration
{
    /// <summary>
    /// API Entreprise when a token is configured; otherwise the demo answers with the offline registry, or what the
    /// public registry tells. Call after <see cref="CompanyRegistryRegistration.AddCompanyRegistry"/>.
    /// </summary>
    public static IServiceCollection AddCompanyRegisters(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiEntrepriseOptions.Section).Get<ApiEntrepriseOptions>() ?? new ApiEntrepriseOptions();
        services.AddSingleton(options);
        if (options.HasToken)
        {
            if (!Siret.IsValid(Siret.Normalize(options.Recipient)))
            {
                throw new InvalidOperationException(
                    $"ApiEntreprise:Recipient is \"{options.Recipient}\": it must be the SIRET (14 digits) of the administration the calls are made for.");
            }

            services.AddHttpClient<ApiEntrepriseRegisters>(client =>
                {
                    client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token!.Trim());
                    client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    // The resilience pipeline owns every timeout.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                })
                .AddResilience<ApiEntrepriseRegisters>("API Entreprise", options);
            services.AddTransient<ICompanyRegisters>(sp => sp.GetRequiredService<ApiEntrepriseRegisters>());
        }
        else if (string.Equals(configuration[$"{CompanyRegistryOptions.Section}:Mode"]?.Trim(), CompanyRegistryOptions.OfflineMode, StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<ICompanyRegisters, OfflineCompanyRegisters>();
        }
        else
        {
            services.AddTransient<ICompanyRegisters, PublicRegistryRegisters>();
        }

        return services;
    }
}
