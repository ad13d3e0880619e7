using System.Net;
using AngleSharp.Dom;
using System.Security.Claims;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Shared.Web;

namespace PdE.Host.Tests.ProConnectSignIn;

/// <summary>
/// Issue 15, item 5: agents sign in with ProConnect. The site runs with its ProConnect settings pointing at a real OpenID
/// Connect provider on loopback (<see cref="TestProConnectProvider"/>); each journey goes through PdE's button, the
/// provider's authorization endpoint and PdE's callback, whose OpenID Connect handler redeems the code and reads the
/// userinfo over loopback. Only an active account with the e-mail address the provider sent opens a session, the same
/// session as a password sign-in; everything else brings the agent back to /connexion with a French message.
/// </summary>
public sealed class ProConnectSignInTests
{
    private const string AdminEmail = "admin@place-des-entreprises.example.fr";
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";

    private TestProConnectProvider provider = null!;
    private PdEApplication app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        provider = await TestProConnectProvider.StartAsync();
        app = await PdEApplication.StartAsync(settings: provider.Settings);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    private ProConnectJourney NewBrowser() => new(app, provider);

    [Test]
    public async Task The_sign_in_page_offers_ProConnect_above_the_password_form()
    {
        var response = await NewBrowser().Site.GetAsync("/connexion");
        // A browser follows the form's redirect to ProConnect only if the page's policy lets forms go there.
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(),
            Does.Contain($"form-action 'self' {provider.Authority.GetLeftPart(UriPartial.Authority)};"));
        var page = await PdEApplication.ParseAsync(response);
        var button = page.QuerySelector("form.fr-connect-group button.fr-connect");
        Assert.That(button?.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "S’identifier", "avec", "ProConnect" }));
        Assert.That(page.QuerySelector(".fr-connect-group a[href='https://www.proconnect.gouv.fr/']")?.TextContent, Is.EqualTo("Qu’est-ce que ProConnect ?"));
        var forms = page.QuerySelectorAll<IHtmlFormElement>("form[method=post]").ToList();
        Assert.That(forms.IndexOf(page.QuerySelector<IHtmlFormElement>("form.fr-connect-group")!), Is.LessThan(forms.FindIndex(f => f.QuerySelector("[name='Input.Password']") is not null)),
            "the button comes before the password form");
    }

    [Test]
    public async Task A_known_active_address_signs_in_with_the_same_session_as_a_password_and_lands_where_it_does()
    {
        var browser = NewBrowser();
        provider.NextEmail = "Camille.Martin@CCI-Paris-IDF.example.fr"; // the case of the address does not matter
        var authorize = await browser.PressTheButtonAsync();
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
        Assert.That(query["code_challenge_method"].ToString(), Is.EqualTo("S256"), "PKCE");
        Assert.That(query["scope"].ToString().Split(' '), Is.EquivalentTo(new[] { "openid", "email", "given_name", "usual_name" }));
        Assert.That(query.Keys, Does.Contain("state").And.Contain("nonce"));

        var signedIn = await browser.ReturnAsync(await ProConnectJourney.AuthorizeAsync(authorize));

        var passwordSignIn = await PasswordSignInAsync(AdvisorEmail, "demo-conseillere-2026");
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(signedIn.Headers.Location?.OriginalString, Is.EqualTo(passwordSignIn.Headers.Location?.OriginalString).And.EqualTo(AgentLanding.Inbox),
            "lands where the password sign-in lands");
        Assert.That(SessionCookies(signedIn), Has.Count.EqualTo(1), "one session cookie, nothing else that signs in");
        var viaProConnect = Ticket(signedIn);
        var viaPassword = Ticket(passwordSignIn);
        Assert.That(Claims(viaProConnect, except: SessionClaims.SignedInAt), Is.EqualTo(Claims(viaPassword, except: SessionClaims.SignedInAt)),
            "same account id, name, roles and security stamp");
        Assert.That(viaProConnect.Principal.FindFirstValue(SessionClaims.SignedInAt), Is.Not.Null, "the sign-in instant the absolute lifetime counts from");
        Assert.That(viaProConnect.Properties.Items.Keys, Is.EquivalentTo(viaPassword.Properties.Items.Keys), "nothing of the provider's state kept in the cookie");

        Assert.That((await browser.Site.GetAsync(AgentLanding.Inbox)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await browser.Site.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a protected page");

        // Signing out ends it like any session.
        var signedOut = await PdEApplication.SubmitFormAsync(browser.Site, "/deconnexion", new Dictionary<string, string>());
        Assert.That(signedOut.Headers.Location?.OriginalString, Is.EqualTo("/connexion?deconnecte=1"));
        Assert.That((await browser.Site.GetAsync("/conseiller")).Headers.Location?.AbsolutePath, Is.EqualTo("/connexion"));
    }

    [Test]
    public async Task The_admin_lands_on_the_desk_or_on_the_local_page_asked_for_never_elsewhere()
    {
        var toDesk = await NewBrowser().SignInAsync(AdminEmail);
        Assert.That(toDesk.Headers.Location?.OriginalString, Is.EqualTo(AgentLanding.Desk));

        var asked = NewBrowser();
        var toAsked = await asked.SignInAsync(AdminEmail, returnUrl: "/admin/comptes");
        Assert.That(toAsked.Headers.Location?.OriginalString, Is.EqualTo("/admin/comptes"));
        Assert.That((await asked.Site.GetAsync("/admin/comptes")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var elsewhere = await NewBrowser().SignInAsync(AdminEmail, returnUrl: "https://ailleurs.example/piege");
        Assert.That(elsewhere.Headers.Location?.OriginalString, Is.EqualTo(AgentLanding.Desk), "another site is never a return address");
    }

    [Test]
    public async Task An_unknown_address_is_refused_with_a_French_message_and_no_session()
    {
        var browser = NewBrowser();
        var refused = await browser.SignInAsync("personne.inconnue@exemple.gouv.fr");
        await AssertRefusedAsync(browser, refused, ProConnect.Outcomes.NoAccount,
            "Aucun compte actif de Place des Entreprises ne correspond à l’adresse personne.inconnue@exemple.gouv.fr transmise par ProConnect. Demandez à votre administrateur de vous créer un compte, ou connectez-vous avec votre mot de passe.");

        // The address is never taken from the address bar: a link cannot put words in the message.
        var page = await PdEApplication.ParseAsync(await NewBrowser().Site.GetAsync("/connexion?proconnect=aucun-compte&adresse=appelez-le-0800"));
        Assert.That(page.QuerySelector("#erreur-connexion")!.TextContent, Does.Contain("correspond à l’adresse transmise par ProConnect").And.Not.Contain("0800"));
    }

    [Test]
    public async Task A_deleted_account_is_refused_though_it_signed_in_before()
    {
        const string Email = "lea.partie@cci-paris-idf.example.fr";
        var userId = await AddAccountAsync(Email, passwordHash: "AQAAAAIAAYagAAAAEPasUtiliseParLesTests");
        Assert.That((await NewBrowser().SignInAsync(Email)).Headers.Location?.OriginalString, Is.EqualTo(AgentLanding.Inbox), "active: signed in");

        // Deleted by an admin, as the back office does it (the account's address is erased with it).
        var admin = await app.SignedInClientAsync();
        var deleted = await PdEApplication.SubmitFormAsync(admin, $"/admin/comptes/{userId}", new Dictionary<string, string> { ["ConfirmDeletion"] = "true" },
            "form[method=post][action*='handler=Delete']");
        Assert.That(deleted.Headers.Location?.OriginalString, Is.EqualTo("/admin/comptes"), "deleted");

        var browser = NewBrowser();
        await AssertRefusedAsync(browser, await browser.SignInAsync(Email), ProConnect.Outcomes.NoAccount,
            $"Aucun compte actif de Place des Entreprises ne correspond à l’adresse {Email} transmise par ProConnect.");
    }

    [Test]
    public async Task An_account_whose_invitation_is_pending_is_refused_and_told_to_accept_it()
    {
        const string Email = "hugo.invite@cci-paris-idf.example.fr";
        await AddAccountAsync(Email, passwordHash: null);
        var browser = NewBrowser();
        await AssertRefusedAsync(browser, await browser.SignInAsync(Email), ProConnect.Outcomes.InvitationPending,
            $"Votre compte de Place des Entreprises (l’adresse {Email} transmise par ProConnect) n’est pas encore activé");
    }

    [Test]
    public async Task A_tampered_state_is_refused_with_a_French_message_and_no_session()
    {
        var browser = NewBrowser();
        provider.NextEmail = AdminEmail;
        var callback = await ProConnectJourney.AuthorizeAsync(await browser.PressTheButtonAsync());
        var query = QueryHelpers.ParseQuery(callback.Query);
        var state = query["state"].ToString();
        var tampered = Replace(callback, "state", state[..^4] + (state.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        await AssertRefusedAsync(browser, await browser.ReturnAsync(tampered), ProConnect.Outcomes.Failed,
            "La connexion avec ProConnect n’a pas abouti");
    }

    [Test]
    public async Task An_id_token_with_another_nonce_is_refused_with_a_French_message_and_no_session()
    {
        var browser = NewBrowser();
        provider.NextNonce = "un-nonce-qui-n-est-pas-celui-de-pde";
        await AssertRefusedAsync(browser, await browser.SignInAsync(AdminEmail), ProConnect.Outcomes.Failed,
            "La connexion avec ProConnect n’a pas abouti");
        Assert.That(provider.NextNonce, Is.Null, "the provider did put the other nonce in the id_token");

        // The same browser, with an honest provider, signs in: the refusal left nothing in the way.
        Assert.That((await browser.SignInAsync(AdminEmail)).Headers.Location?.OriginalString, Is.EqualTo(AgentLanding.Desk));
    }

    [Test]
    public async Task An_answer_brought_by_another_browser_or_a_second_time_is_refused()
    {
        var browser = NewBrowser();
        provider.NextEmail = AdminEmail;
        var callback = await ProConnectJourney.AuthorizeAsync(await browser.PressTheButtonAsync());

        // Another browser (no correlation cookie): e.g. a link with someone else's code.
        var other = NewBrowser();
        await AssertRefusedAsync(other, await other.ReturnAsync(callback), ProConnect.Outcomes.Failed, "La connexion avec ProConnect n’a pas abouti");

        Assert.That((await browser.ReturnAsync(callback)).Headers.Location?.OriginalString, Is.EqualTo(AgentLanding.Desk), "its own browser, once");
        Assert.That((await browser.ReturnAsync(callback)).Headers.Location?.OriginalString, Is.EqualTo($"/connexion?proconnect={ProConnect.Outcomes.Failed}"),
            "not twice");
        var replay = NewBrowser();
        await replay.PressTheButtonAsync();
        await AssertRefusedAsync(replay, await replay.ReturnAsync(callback), ProConnect.Outcomes.Failed, "La connexion avec ProConnect n’a pas abouti");
    }

    [Test]
    public async Task Cancelling_on_ProConnect_comes_back_with_a_French_message_and_no_session()
    {
        var browser = NewBrowser();
        provider.NextAnswerDenied = true;
        var callback = await ProConnectJourney.AuthorizeAsync(await browser.PressTheButtonAsync());
        Assert.That(QueryHelpers.ParseQuery(callback.Query)["error"].ToString(), Is.EqualTo("access_denied"));
        await AssertRefusedAsync(browser, await browser.ReturnAsync(callback), ProConnect.Outcomes.Cancelled,
            "La connexion avec ProConnect a été annulée. Vous pouvez réessayer, ou vous connecter avec votre mot de passe.");
    }

    [Test]
    public async Task The_start_address_read_directly_goes_back_to_the_sign_in_page_and_the_other_addresses_are_not_pages()
    {
        var response = await NewBrowser().Site.GetAsync(ProConnect.StartPath);
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/connexion"));
        // The handler's sign-out addresses are not used, so they do not exist; its callback without an answer is a failure.
        foreach (var path in new[] { "/signout-callback-oidc", "/signout-callback-oidc?state=abc", "/signout-oidc" })
        {
            Assert.That((await NewBrowser().Site.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }

        var bare = NewBrowser();
        await AssertRefusedAsync(bare, await bare.Site.GetAsync(ProConnect.CallbackPath + "?code=abc"), ProConnect.Outcomes.Failed,
            "La connexion avec ProConnect n’a pas abouti");

        var forged = await NewBrowser().Site.PostAsync(ProConnect.StartPath, new FormUrlEncodedContent([]));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a post without the anti-forgery token does not leave for ProConnect");
    }

    /// <summary>Refused: back to /connexion with the outcome, which shows <paramref name="message"/>; no session cookie, no agent page.</summary>
    private static async Task AssertRefusedAsync(ProConnectJourney browser, HttpResponseMessage response, string outcome, string message)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/connexion?proconnect={outcome}"));
        Assert.That(SessionCookies(response).Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)), Is.Empty, "no session");
        var page = await browser.Site.GetAsync(response.Headers.Location!.OriginalString);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await PdEApplication.ParseAsync(page);
        Assert.That(document.QuerySelector("#erreur-connexion[role=alert]")?.TextContent.Trim(), Does.StartWith(message));
        Assert.That(document.Title, Does.StartWith("Erreur"));
        Assert.That((await browser.Site.GetAsync("/conseiller")).Headers.Location?.AbsolutePath, Is.EqualTo("/connexion"), "not signed in");
    }

    private static List<string> SessionCookies(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []).Where(c => c.StartsWith("pde_session=", StringComparison.Ordinal)).ToList();

    /// <summary>What the session cookie set by <paramref name="response"/> carries, read with the site's own keys.</summary>
    private Microsoft.AspNetCore.Authentication.AuthenticationTicket Ticket(HttpResponseMessage response)
    {
        var cookie = SessionCookies(response).Single();
        var value = cookie["pde_session=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        return options.TicketDataFormat.Unprotect(value)!;
    }

    private static List<string> Claims(Microsoft.AspNetCore.Authentication.AuthenticationTicket ticket, string except) =>
        ticket.Principal.Claims.Where(c => c.Type != except).Select(c => $"{c.Type}={c.Value}").Order(StringComparer.Ordinal)
            .Append($"authentication type={ticket.Principal.Identity!.AuthenticationType}").Append($"scheme={ticket.AuthenticationScheme}").ToList();

    private async Task<HttpResponseMessage> PasswordSignInAsync(string email, string password)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }, "form[method=post]:not([action])");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "password sign-in");
        return response;
    }

    /// <summary>An account of the CCI Paris antenne answering for no expert (an expert's inbox is where it lands).</summary>
    private async Task<Guid> AddAccountAsync(string email, string? passwordHash)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into directory.user_account (id, antenne_id, full_name, email, password_hash)
            select @id, id, 'Compte des tests ProConnect', @email, @passwordHash from directory.antenne where name = 'CCI Paris Île-de-France'
            """, new { id, email, passwordHash });
        return id;
    }

    private static Uri Replace(Uri uri, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Key == name ? value : p.Value.ToString());
        return new Uri(QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query!));
    }
}
