using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PdE.Shared.Web;

namespace PdE.Shared.Tests.Web;

public sealed class SiteOptionsTests
{
    [TestCase("https://pde.example.fr", "suivi/abc")]
    [TestCase("https://pde.example.fr/", "/suivi/abc")]
    [TestCase("https://pde.example.fr//", "suivi/abc")]
    public void Builds_an_absolute_url_with_one_slash_between_address_and_path(string baseUrl, string path)
    {
        Assert.That(new SiteOptions { BaseUrl = baseUrl }.Url(path), Is.EqualTo("https://pde.example.fr/suivi/abc"));
    }

    [Test]
    public void Reads_the_site_section_once_however_many_modules_ask()
    {
        var configuration = Configuration(new() { ["Site:BaseUrl"] = "https://pde.example.fr" });
        var services = new ServiceCollection().AddSiteOptions(configuration).AddSiteOptions(configuration);

        Assert.That(services.Count(d => d.ServiceType == typeof(IConfigureOptions<SiteOptions>)), Is.EqualTo(1));
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<SiteOptions>>().Value.BaseUrl, Is.EqualTo("https://pde.example.fr"));
    }

    [Test]
    public void Defaults_to_the_local_development_address()
    {
        using var provider = new ServiceCollection().AddSiteOptions(Configuration([])).BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SiteOptions>>().Value.Url("/compte/invitation/x"), Is.EqualTo("http://localhost:5080/compte/invitation/x"));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
