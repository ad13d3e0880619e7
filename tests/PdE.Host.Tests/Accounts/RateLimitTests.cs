using System.Net;

namespace PdE.Host.Tests.Accounts;

/// <summary>Password guessing is slowed down per address, on top of the per-account lockout.</summary>
public sealed class RateLimitTests
{
    private PdEApplication app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        app = await PdEApplication.StartAsync(settings: new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" });

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task The_fourth_sign_in_attempt_in_a_minute_gets_a_french_429_page_while_pages_still_load()
    {
        var client = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
            {
                ["Input.Email"] = $"inconnu{attempt}@example.fr",
                ["Input.Password"] = "mauvais-mot-de-passe",
            });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var page = await PdEApplication.ParseAsync(response);
                Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Trop de demandes"));
                Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
            }
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That((await client.GetAsync("/connexion")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading the page is not limited");
    }
}
