using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Authorization;

/// <summary>The five roles the authorization tests sign in, on the demo data.</summary>
public enum Role
{
    /// <summary>A visitor, not signed in.</summary>
    Anonymous,

    /// <summary>The demo advisor Camille Martin (CCI Paris Île-de-France).</summary>
    ExpertA,

    /// <summary>Léa Dubois, invited as a member of Lucas Petit of the CMA: another institution and antenne.</summary>
    ExpertB,

    /// <summary>Marc, invited as the manager of A's antenne, without an expert of his own.</summary>
    Manager,

    /// <summary>The demo admin.</summary>
    Admin,
}

/// <summary>
/// Signs in the five <see cref="Role"/>s on a host over the demo data: the demo advisor (A), Léa invited from the admin as
/// a member of Lucas Petit of the CMA (B), Marc invited as the manager of A's antenne, the demo admin, and a visitor.
/// Each host can do it once (the invitations create the accounts).
/// </summary>
internal static class MatrixRoles
{
    public const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    public const string AdvisorPassword = "demo-conseillere-2026";
    public const string InvitedPassword = "le phare de Brest brille la nuit";

    public static async Task<Dictionary<Role, HttpClient>> SignInEveryRoleAsync(PdEApplication app)
    {
        var clients = new Dictionary<Role, HttpClient>
        {
            [Role.Anonymous] = app.CreateBrowserLikeClient(),
            [Role.ExpertA] = await app.SignedInClientAsync(AdvisorEmail, AdvisorPassword),
            [Role.Admin] = await app.SignedInClientAsync(),
        };
        clients[Role.ExpertB] = await InviteAsync(app, clients[Role.Admin], "Léa Dubois", "lea.dubois@cma-idf.example.fr", "CMA Île-de-France", manager: false);
        clients[Role.Manager] = await InviteAsync(app, clients[Role.Admin], "Marc Responsable", "marc.responsable@cci-paris-idf.example.fr", "CCI Paris Île-de-France", manager: true);

        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into directory.user_expert (user_id, expert_id)
            select u.id, e.id from directory.user_account u, directory.expert e where u.email = 'lea.dubois@cma-idf.example.fr' and e.full_name = 'Lucas Petit'
            """);

        // The roles are what the tests say they are.
        Assert.That((await clients[Role.Manager].GetAsync("/conseiller/besoins/antennes")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "Marc manages an antenne");
        var leaInbox = await PdEApplication.ParseAsync(await clients[Role.ExpertB].GetAsync("/conseiller/besoins"));
        Assert.That(leaInbox.QuerySelector("main")?.TextContent ?? leaInbox.Body!.TextContent, Does.Contain("Les besoins adressés à Lucas Petit."));
        return clients;
    }

    /// <summary>Each role's anti-forgery token, as an attacker with that role's session would send it.</summary>
    public static async Task<Dictionary<Role, string>> AntiforgeryTokensAsync(IReadOnlyDictionary<Role, HttpClient> clients)
    {
        var tokens = new Dictionary<Role, string>();
        foreach (var (role, client) in clients)
        {
            var form = role == Role.Anonymous ? "/connexion" : "/deconnexion";
            var page = await PdEApplication.ParseAsync(await client.GetAsync(form));
            tokens[role] = page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
                ?? throw new AssertionException($"no anti-forgery token on {form} for {role}");
        }

        return tokens;
    }

    /// <summary>Invites an agent of <paramref name="antenne"/> from /admin/comptes/inviter (no expert of their own), and signs them in with the link e-mailed.</summary>
    private static async Task<HttpClient> InviteAsync(PdEApplication app, HttpClient admin, string fullName, string email, string antenne, bool manager)
    {
        var form = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/comptes/inviter"));
        var antenneId = form.QuerySelectorAll("#input-antenneid option").Single(o => o.TextContent.EndsWith($"– {antenne}", StringComparison.Ordinal)).GetAttribute("value")!;
        var fields = new Dictionary<string, string> { ["Input.FullName"] = fullName, ["Input.Email"] = email, ["Input.AntenneId"] = antenneId };
        if (manager)
        {
            fields["Input.IsManager"] = "true";
        }

        var invited = await PdEApplication.SubmitFormAsync(admin, "/admin/comptes/inviter", fields);
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"invitation of {email}");
        var invitation = await app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email), TimeSpan.FromSeconds(30));
        var link = Regex.Match(invitation.TextBody!, "/compte/invitation/[A-Za-z0-9_-]+").Value;
        var client = app.CreateBrowserLikeClient();
        var accepted = await PdEApplication.SubmitFormAsync(client, link, new Dictionary<string, string>
        {
            ["Input.Password"] = InvitedPassword,
            ["Input.Confirmation"] = InvitedPassword,
        });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} chooses a password");
        Assert.That((await client.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{email} is signed in");
        return client;
    }
}
