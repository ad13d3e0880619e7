using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.WebUtilities;
using PdE.Shared.Web;

namespace PdE.Host.Tests.ProConnectSignIn;

/// <summary>
/// One browser going through a ProConnect sign-in across the two origins, one redirect at a time: PdE (the in-memory test
/// server, with this browser's cookies) and the provider (real loopback HTTP; it keeps no cookie). PdE's own calls to the
/// provider (discovery, token, userinfo) go over loopback from the OpenID Connect handler itself.
/// </summary>
internal sealed class ProConnectJourney(PdEApplication app, TestProConnectProvider provider)
{
    private static readonly HttpClient ProviderBrowser = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>The browser's PdE side: keeps PdE's cookies, follows no redirect by itself.</summary>
    public HttpClient Site { get; } = app.CreateBrowserLikeClient();

    /// <summary>Presses « S’identifier avec ProConnect » on /connexion: PdE's answer, a redirect to the provider.</summary>
    public async Task<Uri> PressTheButtonAsync(string? returnUrl = null)
    {
        var path = returnUrl is null ? "/connexion" : QueryHelpers.AddQueryString("/connexion", "ReturnUrl", returnUrl);
        var page = await Site.GetAsync(path);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var form = (await PdEApplication.ParseAsync(page)).QuerySelector<IHtmlFormElement>($"form[action='{ProConnect.StartPath}']");
        Assert.That(form, Is.Not.Null, "the ProConnect button's form on /connexion");
        var fields = form!.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        var response = await Site.PostAsync(ProConnect.StartPath, new FormUrlEncodedContent(fields));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the button leads to ProConnect");
        var authorize = response.Headers.Location!;
        Assert.That(authorize.GetLeftPart(UriPartial.Authority) + "/", Is.EqualTo(provider.Authority.ToString()), "to the provider");
        return authorize;
    }

    /// <summary>The provider's authorization endpoint: the address it sends the browser back to (PdE's callback).</summary>
    public static async Task<Uri> AuthorizeAsync(Uri authorize)
    {
        var response = await ProviderBrowser.GetAsync(authorize);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"the provider answers with a redirect: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    /// <summary>Back on PdE with the provider's answer.</summary>
    public Task<HttpResponseMessage> ReturnAsync(Uri callback)
    {
        Assert.That(callback.AbsolutePath, Is.EqualTo(ProConnect.CallbackPath));
        return Site.GetAsync(callback.PathAndQuery);
    }

    /// <summary>The whole journey, the provider signing in <paramref name="email"/>: PdE's answer to the callback.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string? returnUrl = null)
    {
        provider.NextEmail = email;
        return await ReturnAsync(await AuthorizeAsync(await PressTheButtonAsync(returnUrl)));
    }
}
