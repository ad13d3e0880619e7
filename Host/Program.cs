using Mediator;
using PdE.Directory;
using PdE.Host.Infrastructure;
using PdE.Matching;
using PdE.Notifications;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Shared.Outbox;
using PdE.Shared.Web;
using PdE.Solicitations;
using PdE.Stats;
using PdE.Stats.Contracts;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Services.AddSerilog((services, logger) => logger
        .ReadFrom.Configuration(builder.Configuration)
        .ReadFrom.Services(services)
        .Enrich.FromLogContext()
        .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));

    // No configured database: start the private PostgreSQL cluster under .data/postgres (README, first section).
    await using var embeddedDatabase = await EmbeddedDatabase.StartIfNotConfiguredAsync(builder.Configuration, builder.Environment);
    var connectionString = builder.Configuration.GetConnectionString("Default")!;

    builder.Services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped);
    builder.Services.AddPdEDatabase(connectionString);
    builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
    builder.Services.AddHostedService<DatabaseStartup>();
    builder.Services.AddHostedService<OutboxDispatcher>();

    builder.Services.AddSolicitations(builder.Configuration);
    builder.Services.AddDirectory(builder.Configuration);
    builder.Services.AddMatching(builder.Configuration);
    builder.Services.AddNotifications(builder.Configuration, builder.Environment.ContentRootPath);
    builder.Services.AddStats(builder.Configuration);
    // Runs the modules' scheduled jobs (e.g. Solicitations' company enrichment), once across all hosts.
    builder.Services.AddPdEScheduler(builder.Configuration, connectionString);

    builder.Services.AddPdEAuthentication(builder.Configuration);
    builder.Services.AddReverseProxySupport(builder.Configuration);
    builder.Services.AddFormRateLimits(builder.Configuration);
    builder.Services.AddSingleton<PdE.Host.Features.Legal.LegalPages>();
    builder.Services.AddPartnerApiDocument();
    builder.Services.AddRazorPages(options =>
    {
        options.RootDirectory = "/Features";
        options.Conventions.Add(new AreaAuthorizationConvention());
    }).AddMvcOptions(options =>
    {
        options.Filters.Add(new PostWithoutHandlerFilter());
        FrenchBindingMessages.Apply(options.ModelBindingMessageProvider);
    });
    builder.Services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);

    var app = builder.Build();

    if (args is ["migrate", ..])
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        foreach (var loader in app.Services.GetServices<IReferenceDataLoader>())
        {
            await loader.LoadAsync(CancellationToken.None);
        }

        Log.Information("Database migrated and reference data loaded");
        return 0;
    }

    // After a projection of Stats changed (a migration says so): fill it again from the other modules' history.
    if (args is ["stats", "rebuild", ..])
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections());
        return 0;
    }

    // First: everything after it (error pages, rate limits, sign-in waits, logs) sees the client's address and scheme.
    app.UseReverseProxySupport();
    app.UseExceptionHandler(new ExceptionHandlerOptions
    {
        ExceptionHandlingPath = "/erreur",
        // A request Kestrel refused while reading it (a body over the size limit: 413, a malformed one: 400) keeps its
        // status instead of becoming a 500.
        StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
    });
    app.UseStatusCodePagesWithReExecute("/erreur/{0}");
    app.UseApiProblems();
    app.UseSecurityHeaders();
    app.UseStaticFiles();
    app.UseOutboxWakeupScopes();
    app.UseSerilogRequestLogging();
    app.UseRouting();
    // After the static files and before anything reads a value: pages, the partner API, antiforgery.
    app.UseControlCharacterGuard();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.UseAntiforgery();

    app.MapHealthChecks("/health", new() { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
    app.MapRazorPages();
    app.MapSolicitationsApi();
    app.MapOpenApi(PartnerApiDocument.Route);

    if (embeddedDatabase is not null)
    {
        app.Lifetime.ApplicationStarted.Register(() => Log.Information(
            "PdE is running with its embedded database ({Directory}). Open {Urls}/ to file a request, {Urls}/stats for the figures, "
            + "{Urls}/connexion to sign in with one of the demo accounts printed above.",
            embeddedDatabase.Directory, string.Join(", ", app.Urls), string.Join(", ", app.Urls), string.Join(", ", app.Urls)));
    }

    await app.RunAsync();
    return 0;
}
catch (EmbeddedDatabaseUnavailableException ex)
{
    // Operators get the one sentence that says what to install or configure, not a stack trace.
    Log.Fatal("PdE cannot start: {Reason}", ex.Message);
    return 2;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "PdE stopped: {Reason}", ex.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}
