using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Accounts;

/// <summary>Accounts over HTTP: invitation by e-mail, sign-in, lockout message, reset, access rules, sign-out.</summary>
public sealed partial class AccountJourneyTests : SiteTests
{
    private const string Refused = "Adresse électronique ou mot de passe incorrect.";

    // The demo accounts of the Directory seeder (DemoCatalogue is internal to the module).
    private static class DemoCatalogue
    {
        public static readonly (string Email, string Password) Admin = ("admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        public static readonly (string Email, string Password) Advisor = ("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
    }

    [Test]
    public async Task An_invited_advisor_chooses_a_password_from_the_email_and_lands_on_their_home()
    {
        var admin = await App.SignedInClientAsync(DemoCatalogue.Admin.Email, DemoCatalogue.Admin.Password);
        var form = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/comptes/inviter"));
        var antenneId = form.QuerySelectorAll("#input-antenneid option").Single(o => o.TextContent.EndsWith("– CCI Paris Île-de-France", StringComparison.Ordinal)).GetAttribute("value")!;
        var invited = await PdEApplication.SubmitFormAsync(admin, "/admin/comptes/inviter", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Léa Dubois",
            ["Input.Email"] = "lea.dubois@cci-paris-idf.example.fr",
            ["Input.AntenneId"] = antenneId,
        });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var confirmation = await PdEApplication.ParseAsync(await admin.GetAsync(invited.Headers.Location));
        Assert.That(confirmation.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("L’invitation a été envoyée à lea.dubois@cci-paris-idf.example.fr"));

        var email = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "lea.dubois@cci-paris-idf.example.fr"));
        Assert.That(email.Subject, Is.EqualTo("Votre compte Place des Entreprises : choisissez votre mot de passe"));
        var link = LinkPath(email.TextBody!, "/compte/invitation/");
        Assert.That(email.HtmlBody, Does.Contain(link));

        var lea = App.CreateBrowserLikeClient();
        var tooShort = await PdEApplication.SubmitFormAsync(lea, link, new Dictionary<string, string>
        {
            ["Input.Password"] = "trop court",
            ["Input.Confirmation"] = "trop court",
        });
        Assert.That((await PdEApplication.ParseAsync(tooShort)).QuerySelector("#input-password-error")!.TextContent,
            Is.EqualTo("Le mot de passe doit comporter au moins 12 caractères."));

        var accepted = await PdEApplication.SubmitFormAsync(lea, link, new Dictionary<string, string>
        {
            ["Input.Password"] = "le phare de Brest brille la nuit",
            ["Input.Confirmation"] = "le phare de Brest brille la nuit",
        });
        Assert.That(accepted.Headers.Location?.OriginalString, Is.EqualTo("/conseiller"));
        var home = await PdEApplication.ParseAsync(await lea.GetAsync("/conseiller"));
        Assert.That(home.QuerySelector("h1")!.TextContent, Is.EqualTo("Bonjour Léa Dubois"));
        Assert.That(home.QuerySelector("#antenne")!.TextContent, Is.EqualTo("CCI Paris Île-de-France"));
        Assert.That(home.QuerySelector("#institution")!.TextContent, Is.EqualTo("Chambre de commerce et d’industrie (CCI)"));
        Assert.That(home.QuerySelector("#utilisateur-connecte")!.TextContent, Is.EqualTo("Léa Dubois"));

        var reused = await PdEApplication.ParseAsync(await App.CreateBrowserLikeClient().GetAsync(link));
        Assert.That(reused.QuerySelector("#lien-invalide"), Is.Not.Null, "the link works once");

        var forbidden = await lea.GetAsync("/admin/comptes/inviter");
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await PdEApplication.ParseAsync(forbidden)).QuerySelector("h1")!.TextContent, Is.EqualTo("Accès refusé"));
    }

    [Test]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page_and_come_back_after()
    {
        var client = App.CreateBrowserLikeClient();

        var home = await client.GetAsync("/conseiller");
        var admin = await client.GetAsync("/admin/comptes/inviter");

        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(home.Headers.Location!.PathAndQuery, Is.EqualTo("/connexion?ReturnUrl=%2Fconseiller"));
        Assert.That(admin.Headers.Location!.PathAndQuery, Is.EqualTo("/connexion?ReturnUrl=%2Fadmin%2Fcomptes%2Finviter"));
        var page = await PdEApplication.ParseAsync(await client.GetAsync("/"));
        Assert.That(page.QuerySelector("header a[href='/connexion']")!.TextContent, Is.EqualTo("Se connecter"));

        var signedIn = await PdEApplication.SubmitFormAsync(client, "/connexion?ReturnUrl=%2Fadmin%2Fcomptes%2Finviter", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoCatalogue.Admin.Email,
            ["Input.Password"] = DemoCatalogue.Admin.Password,
        });
        Assert.That(signedIn.Headers.Location?.OriginalString, Is.EqualTo("/admin/comptes/inviter"));
        Assert.That((await client.GetAsync("/admin/comptes/inviter")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Another_site_cannot_be_the_return_address()
    {
        var client = App.CreateBrowserLikeClient();
        var signedIn = await PdEApplication.SubmitFormAsync(client, "/connexion?ReturnUrl=https%3A%2F%2Fevil.example", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoCatalogue.Advisor.Email,
            ["Input.Password"] = DemoCatalogue.Advisor.Password,
        });

        Assert.That(signedIn.Headers.Location?.OriginalString, Is.EqualTo("/conseiller/besoins"), "an expert lands on their inbox");
    }

    [Test]
    public async Task Each_role_lands_where_it_works()
    {
        async Task<string?> LandingAsync(string email, string password) =>
            (await PdEApplication.SubmitFormAsync(App.CreateBrowserLikeClient(), "/connexion", new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            })).Headers.Location?.OriginalString;

        Assert.That(await LandingAsync(DemoCatalogue.Admin.Email, DemoCatalogue.Admin.Password), Is.EqualTo("/conseiller/sollicitations"), "the team on the desk");
        Assert.That(await LandingAsync(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password), Is.EqualTo("/conseiller/besoins"), "an expert on their inbox");
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_french_message()
    {
        var client = App.CreateBrowserLikeClient();

        var unknown = await SignInAsync(client, "thomas.nguyen.inconnu@example.fr", "mauvais mot de passe");
        var wrong = await SignInAsync(client, DemoCatalogue.Admin.Email, "mauvais mot de passe");

        Assert.That((wrong.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        var wrongMessage = (await PdEApplication.ParseAsync(wrong)).QuerySelector("#erreur-connexion")!.TextContent.Trim();
        var unknownMessage = (await PdEApplication.ParseAsync(unknown)).QuerySelector("#erreur-connexion")!.TextContent.Trim();
        Assert.That(wrongMessage, Does.StartWith(Refused).And.Contain("après 5 essais infructueux"));
        Assert.That(unknownMessage, Is.EqualTo(wrongMessage));
    }

    [Test]
    public async Task An_account_deleted_after_signing_in_loses_access_at_its_next_request()
    {
        var client = await App.SignedInClientAsync(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password);
        Assert.That((await client.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var connection = new Npgsql.NpgsqlConnection(App.Database.ConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(connection, "update directory.user_account set deleted_at = now() where email = @Email", new { DemoCatalogue.Advisor.Email });
        try
        {
            // Any page, not only /conseiller (which checks the account itself): the cookie is no longer accepted.
            var home = await PdEApplication.ParseAsync(await client.GetAsync("/"));

            Assert.That(home.QuerySelector("#utilisateur-connecte"), Is.Null);
            Assert.That(home.QuerySelector("header a[href='/connexion']"), Is.Not.Null);
        }
        finally
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "update directory.user_account set deleted_at = null where email = @Email", new { DemoCatalogue.Advisor.Email });
        }
    }

    [Test]
    public async Task A_role_removed_or_granted_after_signing_in_applies_at_the_next_request()
    {
        var client = await App.SignedInClientAsync(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password);
        Assert.That((await client.GetAsync("/admin/annuaire")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await using var connection = new Npgsql.NpgsqlConnection(App.Database.ConnectionString);
        const string Grant = "insert into directory.user_role (user_id, role) select id, 'admin' from directory.user_account where email = @Email";
        const string Revoke = "delete from directory.user_role where role = 'admin' and user_id = (select id from directory.user_account where email = @Email)";
        await Dapper.SqlMapper.ExecuteAsync(connection, Grant, new { DemoCatalogue.Advisor.Email });
        try
        {
            Assert.That((await client.GetAsync("/admin/annuaire")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "granted: no need to sign in again");

            await Dapper.SqlMapper.ExecuteAsync(connection, Revoke, new { DemoCatalogue.Advisor.Email });

            Assert.That((await client.GetAsync("/admin/annuaire")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "revoked: the old cookie no longer opens /admin");
            Assert.That((await client.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in as an advisor");
        }
        finally
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, Revoke, new { DemoCatalogue.Advisor.Email });
        }
    }

    [Test]
    public async Task Signing_out_ends_the_session()
    {
        var client = await App.SignedInClientAsync(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password);
        Assert.That((await client.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var signedOut = await PdEApplication.SubmitFormAsync(client, "/deconnexion", new Dictionary<string, string>());

        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var signInPage = await PdEApplication.ParseAsync(await client.GetAsync(signedOut.Headers.Location));
        Assert.That(signInPage.QuerySelector("#deconnecte")!.TextContent, Does.Contain("Vous êtes déconnecté·e."));
        Assert.That(signInPage.QuerySelector("header a[href='/connexion']")!.TextContent, Is.EqualTo("Se connecter"));
        Assert.That((await client.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_forgotten_password_is_replaced_through_a_link_sent_by_email()
    {
        var client = App.CreateBrowserLikeClient();
        var unknown = await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = "personne@example.fr" });
        var known = await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = "Thomas.Nguyen@cci-paris-idf.example.fr" });
        var unknownText = (await PdEApplication.ParseAsync(unknown)).QuerySelector("#confirmation")!.TextContent.Trim();
        Assert.That((await PdEApplication.ParseAsync(known)).QuerySelector("#confirmation")!.TextContent.Trim(), Is.EqualTo(unknownText));
        Assert.That(unknownText, Does.StartWith("Si un compte existe avec cette adresse électronique"));

        // Thomas has no account in the demo: only Camille's request sends a message.
        await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = DemoCatalogue.Advisor.Email });
        var email = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == DemoCatalogue.Advisor.Email) && m.Subject!.Contains("nouveau mot de passe"));
        var link = LinkPath(email.TextBody!, "/compte/nouveau-mot-de-passe/");
        var reset = await PdEApplication.SubmitFormAsync(client, link, new Dictionary<string, string>
        {
            ["Input.Password"] = "un nouveau mot de passe pour Camille",
            ["Input.Confirmation"] = "un nouveau mot de passe pour Camille",
        });

        Assert.That(reset.Headers.Location?.OriginalString, Is.EqualTo("/conseiller"));
        Assert.That(App.Smtp.Messages.Any(m => m.To.Mailboxes.Any(a => a.Address.StartsWith("thomas.nguyen", StringComparison.OrdinalIgnoreCase))), Is.False);
        var again = await SignInAsync(App.CreateBrowserLikeClient(), DemoCatalogue.Advisor.Email, "un nouveau mot de passe pour Camille");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        // Later tests sign in with the demo password again.
        await ResetDemoPasswordAsync();
    }

    [Test]
    public async Task A_session_opened_on_one_host_is_accepted_by_another_host_on_the_same_database()
    {
        await using var other = await PdEApplication.StartAsync(sharedDatabase: App.Database);
        var response = await SignInAsync(App.CreateBrowserLikeClient(), DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pde_session=", StringComparison.Ordinal)).Split(';')[0];

        var request = new HttpRequestMessage(HttpMethod.Get, "/conseiller");
        request.Headers.Add("Cookie", cookie);
        var home = await other.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);

        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the data-protection keys are shared through PostgreSQL");
        Assert.That((await PdEApplication.ParseAsync(home)).QuerySelector("h1")!.TextContent, Is.EqualTo("Bonjour Camille Martin"));
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from directory.data_protection_key"), Is.GreaterThan(0));
    }

    private async Task ResetDemoPasswordAsync()
    {
        var client = App.CreateBrowserLikeClient();
        var count = App.Smtp.Messages.Count;
        await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = DemoCatalogue.Advisor.Email });
        var email = await App.Smtp.WaitForAsync(m => App.Smtp.Messages.ToList().IndexOf(m) >= count && m.To.Mailboxes.Any(a => a.Address == DemoCatalogue.Advisor.Email));
        await PdEApplication.SubmitFormAsync(client, LinkPath(email.TextBody!, "/compte/nouveau-mot-de-passe/"), new Dictionary<string, string>
        {
            ["Input.Password"] = DemoCatalogue.Advisor.Password,
            ["Input.Confirmation"] = DemoCatalogue.Advisor.Password,
        });
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static string LinkPath(string text, string prefix)
    {
        var match = Regex.Match(text, Regex.Escape(prefix) + "[A-Za-z0-9_-]+");
        Assert.That(match.Success, Is.True, $"no {prefix} link in: {text}");
        return match.Value;
    }
}
