extern alias PdEHost;

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PdE.Benchmarks;

/// <summary>
/// The real site (PdE.Host: every module, middleware, Razor pages, cookie sign-in) served by Kestrel on a loopback port, over
/// a given database: what HTTP benchmarks measure. Production environment, no demo data, request logging left out
/// (Serilog at Warning) so the console shows the measures only; the embedded cluster is not used (a connection string is set).
/// </summary>
internal sealed partial class SiteHost : WebApplicationFactory<PdEHost::Program>
{
    private readonly string connectionString;
    private readonly string mailDirectory = System.IO.Directory.CreateTempSubdirectory("pde-bench-mail-").FullName;

    private readonly IReadOnlyDictionary<string, string?> settings;

    private SiteHost(string connectionString, IReadOnlyDictionary<string, string?>? settings)
    {
        this.connectionString = connectionString;
        this.settings = settings ?? new Dictionary<string, string?>();
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the site (its start-up migrates the database and loads the reference data) and returns once it listens.</summary>
    /// <param name="settings">Settings of the benchmark's own (e.g. an SMTP server), over the defaults below.</param>
    public static SiteHost Start(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // WebApplicationFactory reads its manifest (the site's content root: Host/, for wwwroot) from the current directory,
        // which is the checkout under `dotnet run --project`: name the content root from the manifest next to this program instead.
        var manifest = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MvcTestingAppManifest.json")))!;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PDE_HOST",
            manifest.Single(entry => entry.Key.StartsWith("PdE.Host,", StringComparison.Ordinal)).Value);
        var site = new SiteHost(connectionString, settings);
        site.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        site.StartServer();
        site.Address = new Uri(site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return site;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Demo:Requests", "false");
        builder.UseSetting("CompanyRegistry:Mode", "offline");
        builder.UseSetting("Mail:PickupDirectory", mailDirectory);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Every benchmark client comes from 127.0.0.1 and the load harness sends thousands of requests a minute: the
        // per-address, per-key and per-e-mail limits of the product would answer 429 and be measured instead of the site.
        foreach (var key in new[]
                 {
                     "SignInPerMinute", "AccountLinksPerMinute", "RequestFormPerMinute", "FollowUpLinksPerMinute", "CompanySearchPerMinute",
                     "PartnerApiPerMinute", "RequestsPerEmailPerHour",
                 })
        {
            builder.UseSetting($"RateLimits:{key}", "1000000000");
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client of the Kestrel address (keep-alive, cookies kept, redirects not followed) signed in through the real /connexion form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = Address,
        };
        var fields = HiddenFields(await client.GetStringAsync("/connexion"));
        fields["Input.Email"] = email;
        fields["Input.Password"] = password;
        using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode} instead of a redirect.");
        }

        return client;
    }

    /// <summary>The hidden inputs of a page (the anti-forgery token among them), by name, the first of each name.</summary>
    public static Dictionary<string, string> HiddenFields(string page)
    {
        var fields = new Dictionary<string, string>();
        foreach (var tag in Input().Matches(page).Select(m => m.Value).Where(tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal)))
        {
            fields.TryAdd(Attribute(tag, "name"), Attribute(tag, "value"));
        }

        return fields;
    }

    public static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value);

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex Input();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { System.IO.Directory.Delete(mailDirectory, recursive: true); } catch (IOException) { }
    }
}
