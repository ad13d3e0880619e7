using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Behind a reverse proxy (TLS ends there): the client's address and scheme come from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, believed only from the proxies named in <c>ReverseProxy:KnownProxies</c> (addresses, or networks
/// in CIDR notation; by default loopback only, ASP.NET Core's default), and only their last hop. Anyone else's headers are
/// ignored, so a client cannot choose the address the rate limits and the sign-in waits count it under. Outside Development,
/// HTTPS answers carry HSTS for a year.
/// </summary>
internal static class ReverseProxy
{
    public const string KnownProxiesSetting = "ReverseProxy:KnownProxies";

    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var known = configuration.GetSection(KnownProxiesSetting).Get<string[]>() ?? [];
        var addresses = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in known.Select(k => k.Trim()).Where(k => k.Length > 0))
        {
            if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{KnownProxiesSetting}: « {entry} » is neither an IP address nor a network in CIDR notation (e.g. 10.0.0.5 or 10.0.0.0/24).");
            }
        }

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            if (addresses.Count + networks.Count > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                addresses.ForEach(options.KnownProxies.Add);
                networks.ForEach(options.KnownIPNetworks.Add);
            }
        });
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return services;
    }

    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        return app;
    }
}
