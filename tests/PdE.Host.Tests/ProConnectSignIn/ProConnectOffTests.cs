using System.Net;
using AngleSharp.Dom;
using PdE.Shared.Web;

namespace PdE.Host.Tests.ProConnectSignIn;

/// <summary>Without <c>ProConnect:Authority</c> (the default, as `dotnet run` starts), ProConnect does not exist: no button, its addresses 404.</summary>
public sealed class ProConnectOffTests : SiteTests
{
    [Test]
    public async Task No_button_and_its_addresses_do_not_exist()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await client.GetAsync("/connexion");
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("form-action 'self';"), "forms go nowhere else");
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("input[name='Input.Password']"), Is.Not.Null, "the password form");
        Assert.That(page.QuerySelector(".fr-connect, .fr-connect-group, form[action='/connexion/proconnect']"), Is.Null);
        Assert.That(page.Body!.TextContent, Does.Not.Contain("ProConnect"));

        Assert.That((await client.GetAsync(ProConnect.StartPath)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var token = page.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var posted = await client.PostAsync(ProConnect.StartPath, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync(ProConnect.CallbackPath + "?code=abc&state=def")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The password sign-in is as before (SignedInClientAsync asserts it lands).
        var signedIn = await App.SignedInClientAsync();
        Assert.That((await signedIn.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

/// <summary>ProConnect set but not answering: the button brings the agent back with a French message, not a 500.</summary>
public sealed class ProConnectUnavailableTests : SiteTests
{
    // A loopback port nothing listens on (taken, then freed).
    private static readonly int ClosedPort = FreePort();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ProConnect:Authority"] = $"http://127.0.0.1:{ClosedPort}/",
        ["ProConnect:ClientId"] = TestProConnectProvider.ClientId,
        ["ProConnect:ClientSecret"] = TestProConnectProvider.ClientSecret,
    };

    [Test]
    public async Task The_button_comes_back_with_a_French_message()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>(), $"form[action='{ProConnect.StartPath}']");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/connexion?proconnect={ProConnect.Outcomes.Unavailable}"));
        var page = await PdEApplication.ParseAsync(await client.GetAsync(response.Headers.Location!.OriginalString));
        Assert.That(page.QuerySelector("#erreur-connexion")?.TextContent.Trim(),
            Is.EqualTo("ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre mot de passe."));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
