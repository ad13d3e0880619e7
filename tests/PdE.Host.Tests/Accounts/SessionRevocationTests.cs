using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace PdE.Host.Tests.Accounts;

/// <summary>
/// A sign-in cookie is a ticket to a server-side session: a copy of it (taken from a browser, a log, a shared computer) dies
/// when its owner signs out, chooses a new password or has their rights changed, and no session outlives the absolute
/// lifetime however often its cookie slid.
/// </summary>
public sealed partial class SessionRevocationTests : SiteTests
{
    private static readonly (string Email, string Password) Admin = ("admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
    private static readonly (string Email, string Password) Advisor = ("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");

    private readonly OffsetClock clock = new();

    protected override Action<IServiceCollection>? Services => services => services.AddSingleton<TimeProvider>(clock);

    [TearDown]
    public void BackToNow() => clock.Offset = TimeSpan.Zero;

    [Test]
    public async Task A_copied_cookie_no_longer_opens_the_agent_area_once_its_owner_signs_out()
    {
        var (advisor, cookie) = await SignInAsync(Advisor);
        Assert.That((await WithCopiedCookieAsync(cookie, "/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the copy works while the session lasts");

        var signedOut = await PdEApplication.SubmitFormAsync(advisor, "/deconnexion", new Dictionary<string, string>());
        Assert.That(signedOut.Headers.Location?.OriginalString, Is.EqualTo("/connexion?deconnecte=1"));

        await AssertRefusedAsync(cookie);
        // Any page, not only the agent area: the copy is an anonymous visitor, not an error.
        var home = await WithCopiedCookieAsync(cookie, "/");
        Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PdEApplication.ParseAsync(home)).QuerySelector("header a[href='/connexion']")!.TextContent, Is.EqualTo("Se connecter"));
        Assert.That((await SignInAsync(Advisor)).Client, Is.Not.Null, "signing in again opens a new session");
    }

    [Test]
    public async Task Choosing_a_new_password_ends_every_session_opened_before_but_not_the_new_one()
    {
        var (before, cookie) = await SignInAsync(Advisor);
        const string NewPassword = "un nouveau mot de passe pour Camille";
        var resetter = await ChoosePasswordAsync(Advisor.Email, NewPassword);
        try
        {
            Assert.That((await resetter.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the reset signs in with the new stamp");
            await AssertRefusedAsync(cookie);
            Assert.That((await before.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the browser signed in before too");
        }
        finally
        {
            await ChoosePasswordAsync(Advisor.Email, Advisor.Password);
        }
    }

    [Test]
    public async Task Rights_removed_or_granted_by_an_admin_end_the_sessions_of_the_account()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var advisorId = await connection.QuerySingleAsync<Guid>("select id from directory.user_account where email = @Email", new { Advisor.Email });
        const string Revoke = "delete from directory.user_role where role = 'admin' and user_id = @advisorId";
        await connection.ExecuteAsync("insert into directory.user_role (user_id, role) values (@advisorId, 'admin')", new { advisorId });
        try
        {
            var (admin, _) = await SignInAsync(Admin);
            var (_, cookie) = await SignInAsync(Advisor);
            Assert.That((await WithCopiedCookieAsync(cookie, "/admin/annuaire")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "an admin before the change");

            await SetRightsAsync(admin, advisorId, isAdmin: false);

            await AssertRefusedAsync(cookie);

            var (_, again) = await SignInAsync(Advisor);
            Assert.That((await WithCopiedCookieAsync(again, "/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await SetRightsAsync(admin, advisorId, isAdmin: true);

            await AssertRefusedAsync(again);
        }
        finally
        {
            await connection.ExecuteAsync(Revoke, new { advisorId });
        }
    }

    [Test]
    public async Task An_admin_who_changes_their_own_rights_stays_signed_in_while_copies_of_their_cookie_end()
    {
        var (admin, cookie) = await SignInAsync(Admin);
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var adminId = await connection.QuerySingleAsync<Guid>("select id from directory.user_account where email = @Email", new { Admin.Email });
        var page = await PdEApplication.ParseAsync(await admin.GetAsync($"/admin/comptes/{adminId}"));
        var antenne = page.QuerySelector<IHtmlInputElement>("input[name=ManagedAntenneIds]")?.Value;
        Assert.That(antenne, Is.Not.Null, "the admin's institution has an antenne to manage");
        try
        {
            await SetRightsAsync(admin, adminId, isAdmin: true, antenne!);

            Assert.That((await admin.GetAsync($"/admin/comptes/{adminId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the admin's own session goes on");
            await AssertRefusedAsync(cookie);
        }
        finally
        {
            await SetRightsAsync(admin, adminId, isAdmin: true);
        }
    }

    [Test]
    public async Task A_session_ends_after_its_absolute_lifetime_however_often_its_cookie_slid()
    {
        var (advisor, _) = await SignInAsync(Advisor);

        // Used every five hours, the 8-hour sliding cookie is renewed each time and would never expire by itself.
        clock.Offset = TimeSpan.FromHours(5);
        Assert.That((await advisor.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "five hours after signing in");
        clock.Offset = TimeSpan.FromHours(10);
        Assert.That((await advisor.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "ten hours after, within the default 12 hours");
        clock.Offset = TimeSpan.FromHours(12.5);

        var late = await advisor.GetAsync("/conseiller");

        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(late.Headers.Location!.PathAndQuery, Is.EqualTo("/connexion?ReturnUrl=%2Fconseiller"));
        var (fresh, _) = await SignInAsync(Advisor);
        Assert.That((await fresh.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a new sign-in counts from now");
    }

    private async Task<(HttpClient Client, string Cookie)> SignInAsync((string Email, string Password) account)
    {
        var client = App.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = account.Email,
            ["Input.Password"] = account.Password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in of {account.Email}");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pde_session=", StringComparison.Ordinal)).Split(';')[0];
        return (client, cookie);
    }

    /// <summary>A request from another machine that holds a copy of the cookie, and nothing else.</summary>
    private async Task<HttpResponseMessage> WithCopiedCookieAsync(string cookie, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);
    }

    private async Task AssertRefusedAsync(string cookie)
    {
        var response = await WithCopiedCookieAsync(cookie, "/conseiller");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the copied cookie is refused");
        Assert.That(response.Headers.Location!.PathAndQuery, Is.EqualTo("/connexion?ReturnUrl=%2Fconseiller"));
    }

    /// <summary>Posts the rights form of the account page, as the admin would tick it.</summary>
    private static async Task SetRightsAsync(HttpClient admin, Guid userId, bool isAdmin, params string[] managedAntennes)
    {
        var page = await PdEApplication.ParseAsync(await admin.GetAsync($"/admin/comptes/{userId}"));
        var form = page.QuerySelector<IHtmlFormElement>("form[action*='handler=Rights']")!;
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        if (isAdmin)
        {
            fields.Add(new("IsAdmin", "true"));
        }

        fields.AddRange(managedAntennes.Select(id => new KeyValuePair<string, string>("ManagedAntenneIds", id)));
        var response = await admin.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "rights saved");
    }

    /// <summary>Asks for a reset link and chooses <paramref name="password"/> with it; returns the client the reset signed in.</summary>
    private async Task<HttpClient> ChoosePasswordAsync(string email, string password)
    {
        var client = App.CreateBrowserLikeClient();
        var count = App.Smtp.Messages.Count;
        await PdEApplication.SubmitFormAsync(client, "/compte/mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Email"] = email });
        var message = await App.Smtp.WaitForAsync(m => App.Smtp.Messages.ToList().IndexOf(m) >= count && m.To.Mailboxes.Any(a => a.Address == email));
        var link = ResetLink().Match(message.TextBody!);
        Assert.That(link.Success, Is.True, $"no reset link in: {message.TextBody}");
        var chosen = await PdEApplication.SubmitFormAsync(client, link.Value, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.Confirmation"] = password,
        });
        Assert.That(chosen.Headers.Location?.OriginalString, Is.EqualTo("/conseiller"), "password chosen");
        return client;
    }

    [GeneratedRegex("/compte/nouveau-mot-de-passe/[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();

    /// <summary>Real time plus an offset the test chooses.</summary>
    private sealed class OffsetClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Offset;
    }
}
