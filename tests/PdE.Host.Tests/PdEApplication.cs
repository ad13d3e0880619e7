using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Testing;

namespace PdE.Host.Tests;

/// <summary>
/// The whole application in-process over a fresh test database, with e-mail going to a real SMTP server on loopback.
/// </summary>
public sealed class PdEApplication : WebApplicationFactory<Program>
{
    private readonly bool ownsDatabase;

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    private PdEApplication(
        TestDatabase database, bool ownsDatabase, SmtpCapture smtp, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        Database = database;
        this.ownsDatabase = ownsDatabase;
        Smtp = smtp;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.services = services;
    }

    public TestDatabase Database { get; }
    public SmtpCapture Smtp { get; }

    /// <summary>Base address of the real Kestrel server, when started with <c>kestrel: true</c> (for the browser).</summary>
    public Uri? KestrelAddress { get; private set; }

    /// <param name="kestrel">Serve on a real loopback port (for the browser) instead of the in-memory test server.</param>
    /// <param name="sharedDatabase">Another host's database, to run several hosts side by side; it stays open when this one stops.</param>
    /// <param name="settings">Configuration that overrides the test defaults (e.g. a company registry that is down).</param>
    /// <param name="services">Registrations added after the application's own (e.g. a test-only scheduled job).</param>
    public static async Task<PdEApplication> StartAsync(
        bool kestrel = false, TestDatabase? sharedDatabase = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var database = sharedDatabase ?? await TestDatabase.CreateAsync();
        var application = new PdEApplication(database, sharedDatabase is null, new SmtpCapture(), settings, services);
        try
        {
            Start(application, kestrel);
        }
        catch
        {
            // A host that fails to start must not leave its database server running.
            await application.DisposeAsync();
            throw;
        }

        return application;
    }

    private static void Start(PdEApplication application, bool kestrel)
    {
        if (kestrel)
        {
            application.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            application.StartServer();
            var addresses = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            application.KestrelAddress = new Uri(addresses.Addresses.First());
        }
        else
        {
            _ = application.Server; // starts the host: migrations and demo seed run now
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", Database.ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("CompanyRegistry:Mode", "offline");
        builder.UseSetting("Outbox:PollInterval", "00:00:00.050");
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        // Every test request comes from the same (absent) address: only the rate-limit tests ask for real limits.
        foreach (var key in new[] { "SignInPerMinute", "AccountLinksPerMinute", "RequestFormPerMinute", "FollowUpLinksPerMinute", "CompanySearchPerMinute" })
        {
            builder.UseSetting($"RateLimits:{key}", "100000");
        }

        builder.UseSetting("RateLimits:RequestsPerEmailPerHour", "100000");

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return (IHtmlDocument)await context.OpenAsync(request => request.Content(html));
    }

    /// <summary>
    /// GETs a page, fills its first form (or the first <paramref name="formSelector"/> names) with <paramref name="fields"/>
    /// (anti-forgery token included) and posts it.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        HttpClient client, string path, IDictionary<string, string> fields, string formSelector = "form[method=post]")
    {
        var page = await client.GetAsync(path);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await ParseAsync(page);
        var form = document.QuerySelector<IHtmlFormElement>(formSelector)!;
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        // A form without an action posts back to its own page.
        var action = form.GetAttribute("action");
        return await client.PostAsync(string.IsNullOrEmpty(action) ? path : action, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// The events no module has delivered yet, with their attempts and last error: what a test that waited in vain for an
    /// event's effect prints, so that a failure says whether the event was late, failing or never written.
    /// </summary>
    public async Task<string> UndeliveredEventsAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        var lines = new List<string>();
        foreach (var schema in Services.GetRequiredService<OutboxProcessor>().Schemas)
        {
            var rows = await connection.QueryAsync<(string Type, int Attempts, DateTime NextAttemptAt, string? LastError)>(
                $"""select type, attempts, next_attempt_at, last_error from "{schema}".outbox_message where processed_at is null order by occurred_at""");
            lines.AddRange(rows.Select(r => $"{schema}: {r.Type}, {r.Attempts} attempt(s), next at {r.NextAttemptAt:HH:mm:ss.fff}"
                + (r.LastError is null ? "" : $", last error: {r.LastError.Split('\n')[0]}")));
        }

        return lines.Count == 0 ? $"every event was delivered (now {DateTime.UtcNow:HH:mm:ss.fff} UTC)" : string.Join("; ", lines);
    }

    /// <summary>A client signed in with the given account (by default the demo admin printed by the embedded default).</summary>
    public async Task<HttpClient> SignedInClientAsync(
        string email = "admin@place-des-entreprises.example.fr", string password = "demo-admin-pde-2026")
    {
        var client = CreateBrowserLikeClient();
        // The password form: with ProConnect on, its button's form comes first.
        var response = await SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, "form[method=post]:not([action])");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in of {email} should succeed");
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
