using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PdE.Shared.Web;

/// <summary>
/// The site's public address, for the links sent by e-mail. It is configured, never taken from the request's Host
/// header, which a client chooses (a reset link pointing at an attacker's site).
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>"https://site.fr/suivi/abc" from "suivi/abc" or "/suivi/abc", whether BaseUrl ends with a slash or not.</summary>
    public string Url(string path) => $"{BaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
}

public static class SiteOptionsServiceCollectionExtensions
{
    /// <summary>Binds the "Site" section once, however many modules ask for it.</summary>
    public static IServiceCollection AddSiteOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IOptionsChangeTokenSource<SiteOptions>)))
        {
            return services;
        }

        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section));
        return services;
    }
}
