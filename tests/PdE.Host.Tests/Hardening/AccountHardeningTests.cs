using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace PdE.Host.Tests.Hardening;

/// <summary>
/// Issue 11 item 12 over HTTP: a client slowed down after failed sign-ins is answered as slowly as a wrong password (its
/// answers reveal nothing), and a new password may be neither one of the most common (decorated or not) nor built on the
/// account's address.
/// </summary>
public sealed partial class AccountHardeningTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    [Test]
    public async Task A_slowed_down_client_is_answered_as_slowly_as_a_wrong_password()
    {
        var client = App.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(client, AdvisorEmail, "mauvais mot de passe");
        }

        // From now on this client waits before trying Camille's address again: even her right password is refused.
        var waiting = await SignInAsync(client, AdvisorEmail, AdvisorPassword);
        Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.OK), "refused, the form again");

        // Interleaved, so that all three share the machine's conditions; medians, so that one slow answer changes nothing.
        var slowedDown = new List<double>();
        var unknownAddress = new List<double>();
        var wrongPassword = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            slowedDown.Add(await TimeAsync(() => SignInAsync(client, AdvisorEmail, AdvisorPassword)));
            unknownAddress.Add(await TimeAsync(() => SignInAsync(client, $"personne{i}@example.fr", "mauvais mot de passe")));
            wrongPassword.Add(await TimeAsync(() => SignInAsync(client, "admin@place-des-entreprises.example.fr", $"mauvais mot de passe {i}")));
        }

        var reference = Math.Min(Median(unknownAddress), Median(wrongPassword));
        Assert.That(Median(slowedDown), Is.GreaterThan(reference / 2),
            $"a slowed-down client answered in {Median(slowedDown):N1} ms, a wrong password in {Median(wrongPassword):N1} ms, an unknown address in {Median(unknownAddress):N1} ms");
    }

    [TestCase("motdepasse2024!", "fait partie des plus courants")]
    [TestCase("Azertyuiop123456", "fait partie des plus courants")]
    [TestCase("soleilsoleilsoleil", "fait partie des plus courants")]
    [TestCase("123456789012", "fait partie des plus courants")]
    [TestCase("camille.martin-2026!", "ne doit pas contenir votre adresse électronique")]
    [TestCase("Mon CAMILLE.MARTIN@cci-paris-idf.example.fr", "ne doit pas contenir votre adresse électronique")]
    public async Task A_common_password_or_one_built_on_the_address_is_refused_in_french(string password, string error)
    {
        var client = App.CreateBrowserLikeClient();
        var link = await ResetLinkAsync(client);

        var refused = await PdEApplication.SubmitFormAsync(client, link, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.Confirmation"] = password,
        });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form again, not a redirect");
        var page = await PdEApplication.ParseAsync(refused);
        Assert.That(page.Body!.TextContent, Does.Contain(error));

        // The same link still works with a sound password.
        var accepted = await PdEApplication.SubmitFormAsync(client, link, new Dictionary<string, string>
        {
            ["Input.Password"] = AdvisorPassword,
            ["Input.Confirmation"] = AdvisorPassword,
        });
        Assert.That(accepted.Headers.Location?.OriginalString, Is.EqualTo("/conseiller"));
    }

    private async Task<string> ResetLinkAsync(HttpClient client)
    {
        var count = App.Smtp.Messages.Count;
        await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = AdvisorEmail });
        var email = await App.Smtp.WaitForAsync(m => App.Smtp.Messages.ToList().IndexOf(m) >= count && m.To.Mailboxes.Any(a => a.Address == AdvisorEmail));
        var match = ResetLink().Match(email.TextBody!);
        Assert.That(match.Success, Is.True, $"no reset link in: {email.TextBody}");
        return match.Value;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var watch = Stopwatch.StartNew();
        var response = await request();
        watch.Stop();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "every attempt here is refused");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);

    [GeneratedRegex("/compte/nouveau-mot-de-passe/[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
