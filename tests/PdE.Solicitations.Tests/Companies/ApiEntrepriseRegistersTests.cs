using Microsoft.Extensions.Logging;
using PdE.Solicitations.Features.Companies;
using WireMock.RequestBuilders;

namespace PdE.Solicitations.Tests.Companies;

/// <summary>API Entreprise's RCS and RM answers over real HTTP: what counts as registered, not registered, and unknown.</summary>
public sealed class ApiEntrepriseRegistersTests
{
    private const string Bakery = "73282932000074";
    private const string BakerySiren = "732829320";

    private ApiEntrepriseStub stub = null!;

    /// <summary>One request through the whole stack first, so no test pays for the JIT of the stub and the HTTP pipeline.</summary>
    [OneTimeSetUp]
    public async Task WarmUpAsync()
    {
        using var warm = ApiEntrepriseStub.Start();
        warm.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 200, "extrait-kbis.json");
        warm.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 200, "rnm.json");
        await warm.Registers.CheckAsync(Bakery, CancellationToken.None);
    }

    [SetUp]
    public void StartStub() => stub = ApiEntrepriseStub.Start();

    [TearDown]
    public void StopStub() => stub.Dispose();

    [Test]
    public async Task A_200_from_both_registers_means_registered_at_both()
    {
        stub.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 200, "extrait-kbis.json");
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 200, "rnm.json");

        var check = await stub.Registers.CheckAsync("732 829 320 00074", CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Registration.Registered, Registration.Registered, WorthRetrying: false)));
    }

    [Test]
    public async Task Asks_by_siren_with_the_bearer_token_and_the_mandatory_context_recipient_and_object()
    {
        stub.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 200, "extrait-kbis.json");
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 200, "rnm.json");

        await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(stub.Server.LogEntries.Select(e => e.RequestMessage.Path),
            Is.EquivalentTo(new[] { ApiEntrepriseStub.RcsPath(BakerySiren), ApiEntrepriseStub.RmPath(BakerySiren) }));
        foreach (var request in stub.Server.LogEntries.Select(e => e.RequestMessage))
        {
            Assert.That(request.Headers!["Authorization"].Single(), Is.EqualTo($"Bearer {ApiEntrepriseStub.Token}"));
            Assert.That((request.Query!["context"].Single(), request.Query["recipient"].Single(), request.Query["object"].Single()),
                Is.EqualTo(("PlaceDesEntreprises", ApiEntrepriseStub.Recipient, "PlaceDesEntreprises")));
        }
    }

    [Test]
    public async Task A_404_with_api_entreprise_errors_means_not_registered()
    {
        stub.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 404, "not-found.json");
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");

        var check = await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Registration.NotRegistered, Registration.NotRegistered, WorthRetrying: false)));
        Assert.That(stub.CallsTo(ApiEntrepriseStub.RcsPath(BakerySiren)), Is.EqualTo(1), "a 404 is an answer, not retried");
    }

    [Test]
    public async Task An_extract_with_a_striking_off_date_means_no_longer_registered()
    {
        stub.Serve(ApiEntrepriseStub.RcsPath("402981757"), 200, "extrait-kbis-radiee.json");
        stub.Serve(ApiEntrepriseStub.RmPath("402981757"), 404, "not-found.json");

        var check = await stub.Registers.CheckAsync("40298175700014", CancellationToken.None);

        Assert.That((check.Rcs, check.Rm), Is.EqualTo((Registration.NotRegistered, Registration.NotRegistered)));
    }

    [TestCase(401, "unauthorized.json", "refused the token", "ApiEntreprise:Token", LogLevel.Error)]
    [TestCase(403, "unauthorized.json", "refused the token", "ApiEntreprise:Token", LogLevel.Error)]
    [TestCase(500, "provider-error.json", "HTTP 500", "Erreur du fournisseur", LogLevel.Warning)]
    [TestCase(502, "provider-error.json", "HTTP 502", "04501", LogLevel.Warning)]
    public async Task A_refused_token_or_a_server_error_is_unknown_never_not_registered(
        int status, string responseFile, string logged, string hint, LogLevel level)
    {
        stub.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), status, responseFile);
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");

        var check = await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Registration.Unknown, Registration.NotRegistered, WorthRetrying: true)));
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == level && e.Message.Contains(logged) && e.Message.Contains(hint) && e.Message.Contains("RCS of SIREN 732829320 unknown")));
        Assert.That(stub.Logs.Entries.Select(e => e.Message), Has.None.Contains(ApiEntrepriseStub.Token), "the token never reaches the logs");
        Assert.That(stub.CallsTo(ApiEntrepriseStub.RcsPath(BakerySiren)), Is.EqualTo(status >= 500 ? 3 : 1), "server errors are retried, refusals are not");
    }

    [Test]
    public async Task A_rate_limit_is_unknown_and_logged_with_when_to_come_back()
    {
        using var noRetry = ApiEntrepriseStub.Start(maxRetries: 0);
        noRetry.Server.Given(Request.Create().WithPath(ApiEntrepriseStub.RcsPath(BakerySiren)).UsingGet())
            .RespondWith(ApiEntrepriseStub.Answer(429, "too-many-requests.json")
                .WithHeader("RateLimit-Limit", "250").WithHeader("RateLimit-Remaining", "0").WithHeader("RateLimit-Reset", "42").WithHeader("Retry-After", "42"));
        noRetry.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 200, "rnm.json");

        var check = await noRetry.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Registration.Unknown, Registration.Registered, WorthRetrying: true)));
        Assert.That(noRetry.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.Contains("rate limit reached (HTTP 429, retry after 00:00:42)")));
    }

    [Test]
    public async Task A_register_that_does_not_answer_in_time_is_unknown()
    {
        using var slow = ApiEntrepriseStub.Start(maxRetries: 1, attemptTimeout: "00:00:00.300", totalTimeout: "00:00:02");
        slow.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 200, "extrait-kbis.json", delay: TimeSpan.FromSeconds(3));
        slow.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 200, "rnm.json");

        var check = await slow.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Registration.Unknown, Registration.Registered, WorthRetrying: true)));
        Assert.That(slow.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.Contains("did not answer in time")));
        Assert.That(slow.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Message.StartsWith("API Entreprise: attempt 1 failed (TimeoutRejectedException)")), "a timed-out attempt is retried");
    }

    [TestCase(200, "{\"data\": ")]
    [TestCase(200, "<html><body>Maintenance</body></html>")]
    [TestCase(200, "{\"errors\": []}")]
    public async Task Malformed_json_is_unknown_and_logged_as_an_error(int status, string body)
    {
        stub.ServeRaw(ApiEntrepriseStub.RcsPath(BakerySiren), status, body);
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");

        var check = await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check.Rcs, Is.EqualTo(Registration.Unknown));
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Error && e.Message.Contains("malformed JSON") && e.Message.Contains("ApiEntreprise:BaseUrl")));
    }

    [Test]
    public async Task A_404_that_is_not_api_entreprise_speaking_is_unknown_with_a_hint_at_the_base_url()
    {
        stub.ServeRaw(ApiEntrepriseStub.RcsPath(BakerySiren), 404, "<html><body>Not Found</body></html>", "text/html");
        stub.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");

        var check = await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That((check.Rcs, check.Rm), Is.EqualTo((Registration.Unknown, Registration.NotRegistered)));
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Error && e.Message.Contains("without API Entreprise's error body") && e.Message.Contains("ApiEntreprise:BaseUrl")));
    }

    [Test]
    public async Task An_unreachable_server_is_unknown()
    {
        var address = stub.Server.Url!;
        stub.Server.Stop();

        var check = await stub.Registers.CheckAsync(Bakery, CancellationToken.None);

        Assert.That(check, Is.EqualTo(RegistersCheck.Failed), address);
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Message.Contains("could not be reached")));
    }
}
