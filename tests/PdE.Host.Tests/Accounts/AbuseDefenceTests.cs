using System.Net;

namespace PdE.Host.Tests.Accounts;

/// <summary>Abuse defences of the forms: per-IP and per-address limits, and the honeypot of the request form.</summary>
public sealed class AbuseDefenceTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "3",
        ["RateLimits:RequestsPerEmailPerHour"] = "1",
    };

    [Test]
    public async Task The_fourth_sign_in_attempt_in_a_minute_gets_a_french_429_page_while_pages_still_load()
    {
        var client = App.CreateBrowserLikeClient();
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

    [Test]
    public async Task A_second_request_from_the_same_address_within_the_hour_is_refused_under_the_email_field()
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne.martin@boulangerie-martin.fr",
            ["Input.Phone"] = "06 12 34 56 78",
        };
        var client = App.CreateBrowserLikeClient();

        var first = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", fields);
        var second = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", fields);

        Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.OK)));
        var page = await PdEApplication.ParseAsync(second);
        Assert.That(page.QuerySelector("#input-email-error")!.TextContent, Does.StartWith("Plusieurs demandes ont déjà été commencées avec cette adresse"));
        Assert.That(page.QuerySelector("#input-fullname")!.GetAttribute("value"), Is.EqualTo("Jeanne Martin"));
    }

    [Test]
    public async Task A_robot_that_fills_the_invisible_field_creates_nothing()
    {
        var response = await PdEApplication.SubmitFormAsync(App.CreateBrowserLikeClient(), "/sujets/autre-demande/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Robot",
            ["Input.Email"] = "robot@spam.example",
            ["Input.Phone"] = "06 12 34 56 78",
            ["Input.Website"] = "https://spam.example",
        });

        Assert.That((response.StatusCode, response.Headers.Location!.OriginalString), Is.EqualTo((HttpStatusCode.Redirect, "/")));
        await using var connection = new Npgsql.NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, "select count(*) from solicitations.solicitation where email = 'robot@spam.example'"), Is.Zero);
    }
}
