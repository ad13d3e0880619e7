using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Host.Tests.Authorization;

/// <summary>
/// Every agent route × every role, over HTTP on the demo data. Each cell starts from fresh rows: a request validated and its
/// need sent to expert A (Camille Martin) only, a need sent to expert B (Léa Dubois, who answers for Lucas Petit of the CMA,
/// another institution and antenne), a need of another request, and a request still waiting on the desk. The roles:
/// anonymous, expert A, expert B, a manager of A's antenne (CCI Paris Île-de-France; B's need is outside their perimeter)
/// and the demo admin. Ids are put in URLs and form fields as an attacker would, with the role's own anti-forgery token.
/// A cell says the route, the method, the handler and fields, the state A's need starts in, the role and the outcome; a
/// refusal must leave every row of the cell unchanged (matches, history, comments, followers, needs, requests, their
/// timelines and the outbox), and no response may show a need to a role it was not sent to.
/// </summary>
public sealed class RouteRoleMatrixTests : SiteTests
{
    /// <summary>What the route must answer the role.</summary>
    public enum Outcome
    {
        /// <summary>Redirected to /connexion; nothing changed.</summary>
        SignIn,

        /// <summary>404, as for an id that does not exist; nothing changed.</summary>
        NotFound,

        /// <summary>403 (a team page); nothing changed.</summary>
        Forbidden,

        /// <summary>200, showing the need (its id or its description); nothing changed.</summary>
        Shown,

        /// <summary>200, the role's own page, without the need; nothing changed.</summary>
        Hidden,

        /// <summary>200; nothing changed.</summary>
        Ok,

        /// <summary>The action is done: redirected back (not to /connexion) and something changed.</summary>
        Done,

        /// <summary>The role's own page comes back with the refusal said (role=alert); nothing changed.</summary>
        Refused,
    }

    /// <summary>The state A's need starts in, so that the action would succeed for whoever may do it.</summary>
    public enum Start
    {
        /// <summary>Sent to A, waiting for an answer.</summary>
        Waiting,

        /// <summary>Sent to A, who took it in charge.</summary>
        TakenByA,

        /// <summary>Sent to A, with a draft for Julie Moreau (Bpifrance) not sent yet.</summary>
        WithDraft,

        /// <summary>Sent to A, followed by the admin (« Suivis »).</summary>
        FollowedByAdmin,

        /// <summary>Proposed to A but not sent yet: a draft, which only the team sees.</summary>
        DraftForA,

        /// <summary>Sent to A; its requester answered the satisfaction survey, not shared yet.</summary>
        SurveyAnswered,

        /// <summary>Sent to A; its requester's answer to the survey is shared with the experts.</summary>
        SurveyShared,
    }

    /// <param name="Fields">Form fields as <c>Name=value</c>, the value possibly a placeholder (see <see cref="Resolve"/>).</param>
    public sealed record Cell(string Method, string Route, string? Handler, string[] Fields, Start Start, Role Role, Outcome Expected)
    {
        public override string ToString() =>
            $"{Method} {Route}{(Handler is null ? "" : $" handler={Handler}")}{(Fields.Length == 0 ? "" : $" [{string.Join(", ", Fields)}]")}"
            + $"{(Start == Start.Waiting ? "" : $" (need {Start})")} as {Role} → {Expected}";
    }

    private sealed record Request(string Method, string Route, string? Handler, string[] Fields, Start Start);

    // The registry jobs stay off: nothing but the cell's own request may touch the rows a cell compares.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Solicitations:EnrichmentCron"] = "0 0 0 1 1 ? 2099",
        ["Solicitations:RegistersCron"] = "0 0 0 1 1 ? 2099",
    };

    private readonly Dictionary<Role, HttpClient> clients = [];
    private readonly Dictionary<Role, string> tokens = [];
    private Guid adminUserId;

    // ---------------------------------------------------------------------------------------------------------------------
    // The matrix. Placeholders: {need} {match} A's need and match, {draft} Julie's draft on it, {request} its request,
    // {token} a word only A's need has; {needB} {matchB} B's need and match; {otherNeed} {otherMatch} a need of another request
    // (sent to Thomas Nguyen, A's colleague); {received} a request waiting on the desk; {julie} Julie Moreau's expert id.
    // ---------------------------------------------------------------------------------------------------------------------

    private static IEnumerable<Cell> Cells()
    {
        const Outcome SignIn = Outcome.SignIn, NotFound = Outcome.NotFound, Forbidden = Outcome.Forbidden, Shown = Outcome.Shown,
            Hidden = Outcome.Hidden, Ok = Outcome.Ok, Done = Outcome.Done, Refused = Outcome.Refused;
        Outcome? Untested = null;

        //                                                                                 anonymous A       B          manager    admin
        // The inboxes: B's, the manager's own and the admin's never list A's need; the manager's antennes view does.
        foreach (var c in Row(Get("/conseiller/besoins?q={token}"),                        SignIn, Shown,    Hidden,    Hidden,    Hidden)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins"),                                  SignIn, Untested, Hidden,    Hidden,    Hidden)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins?onglet=en-cours&q={token}", Start.TakenByA), SignIn, Shown, Hidden, Hidden, Hidden)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/antennes?q={token}"),               SignIn, NotFound, NotFound,  Shown,     NotFound)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/antennes?q={token}&antenne={antenneB}"), SignIn, NotFound, NotFound, Shown, NotFound)) yield return c;

        // A need only proposed to A (a draft) is nobody's but the team's yet.
        foreach (var c in Row(Get("/conseiller/besoins?q={token}", Start.DraftForA),       SignIn, Hidden,   Hidden,    Hidden,    Hidden)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/antennes?q={token}", Start.DraftForA), SignIn, NotFound, NotFound, Hidden,  NotFound)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/{need}", Start.DraftForA),          SignIn, NotFound, NotFound,  NotFound,  Shown)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Take", ["MatchId={match}"], Start.DraftForA), SignIn, NotFound, NotFound, NotFound, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Comment", ["CommentText=Trop tôt."], Start.DraftForA), SignIn, NotFound, NotFound, NotFound, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins", "Decline", ["MatchIds={match}", "DeclineReason=Hors de mon territoire."], Start.DraftForA), Untested, Refused, Refused, Refused, Untested)) yield return c;

        // The need page, and B's need outside A's and the manager's reach.
        foreach (var c in Row(Get("/conseiller/besoins/{need}"),                           SignIn, Shown,    NotFound,  Shown,     Shown)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/{need}", Start.WithDraft),          SignIn, Shown,    NotFound,  Shown,     Shown)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/{needB}"),                          SignIn, NotFound, Shown,     NotFound,  Shown)) yield return c;

        // The agent's home, then the team's pages.
        foreach (var c in Row(Get("/conseiller"),                                          SignIn, Ok,       Ok,        Ok,        Ok)) yield return c;
        foreach (var c in Row(Get("/conseiller/besoins/suivis", Start.FollowedByAdmin),    SignIn, Forbidden, Forbidden, Forbidden, Shown)) yield return c;
        foreach (var c in Row(Get("/conseiller/sollicitations"),                           SignIn, Forbidden, Forbidden, Forbidden, Ok)) yield return c;
        foreach (var c in Row(Get("/conseiller/sollicitations/{request}"),                 SignIn, Forbidden, Forbidden, Forbidden, Shown)) yield return c;
        foreach (var c in Row(Get("/conseiller/sollicitations/{request}/orientation"),     SignIn, Forbidden, Forbidden, Forbidden, Shown)) yield return c;
        foreach (var c in Row(Get("/conseiller/sollicitations/{request}/orientation?besoin={need}&q=moreau"), SignIn, Forbidden, Forbidden, Forbidden, Shown)) yield return c;
        foreach (var c in Row(Get("/admin/annuaire"),                                      SignIn, Forbidden, Forbidden, Forbidden, Ok)) yield return c;
        foreach (var c in Row(Get("/admin/comptes"),                                       SignIn, Forbidden, Forbidden, Forbidden, Ok)) yield return c;

        // The answers on A's need: A and the manager answer; B is told the need does not exist; the admin sees the page but
        // answers for nobody (the team sets statuses on the routing page).
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Take", ["MatchId={match}"]), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Decline", ["MatchId={match}"]), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "CloseWithHelp", ["MatchId={match}", "AnswerComment=Aide proposée."], Start.TakenByA), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "CloseWithoutHelp", ["MatchId={match}"], Start.TakenByA), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "CloseUnreachable", ["MatchId={match}"], Start.TakenByA), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Undo", ["MatchId={match}"], Start.TakenByA), SignIn, Done, NotFound, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Comment", ["CommentText=Je regarde ce besoin."]), SignIn, Done, NotFound, Done, Done)) yield return c;
        // « Suivre ce besoin » from the need page is the team's: the address does not exist for agents.
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Follow", []), SignIn, NotFound, NotFound, NotFound, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Unfollow", [], Start.FollowedByAdmin), SignIn, NotFound, NotFound, NotFound, Done)) yield return c;
        // Sharing the requester's answer to the survey is the team's too.
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "ShareSatisfaction", [], Start.SurveyAnswered), SignIn, NotFound, NotFound, NotFound, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "UnshareSatisfaction", [], Start.SurveyShared), SignIn, NotFound, NotFound, NotFound, Done)) yield return c;

        // Forged fields: A's match posted from another need's page, B's match posted on A's page, B's need answered by
        // the manager (outside their perimeter) or by A.
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "Take", ["MatchId={match}"]),                    Untested, NotFound, Refused, NotFound, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "Decline", ["MatchId={match}"]),                 Untested, Untested, Refused, Untested, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "CloseWithHelp", ["MatchId={match}"], Start.TakenByA), Untested, Untested, Refused, Untested, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "Undo", ["MatchId={match}"], Start.TakenByA),    Untested, Untested, Refused, Untested, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{otherNeed}", "Take", ["MatchId={match}"]),                Untested, NotFound, NotFound, Refused, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Take", ["MatchId={matchB}"]),                    Untested, Refused, NotFound, Refused, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Take", ["MatchId={otherMatch}"]),                Untested, Refused, NotFound, Untested, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "Take", ["MatchId={matchB}"]),                   SignIn, NotFound, Done, NotFound, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{needB}", "Comment", ["CommentText=Je ne devrais pas."]),  SignIn, NotFound, Done, NotFound, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/{need}", "Take", ["MatchId={draft}"], Start.WithDraft),   Untested, Refused, NotFound, Refused, Refused)) yield return c;

        // « Ce n’est pas pour moi » for ticked needs, from an inbox: only for one's own matches (or the perimeter's).
        foreach (var c in Row(Post("/conseiller/besoins", "Decline", ["MatchIds={match}", "DeclineReason=Hors de mon territoire."]), SignIn, Done, Refused, Done, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins", "Decline", ["MatchIds={matchB}", "MatchIds={match}", "DeclineReason=Hors de mon territoire."]), Untested, Refused, Refused, Refused, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/besoins/antennes", "Decline", ["MatchIds={match}", "DeclineReason=Hors de mon territoire."]), SignIn, NotFound, NotFound, Done, NotFound)) yield return c;

        // The routing page is the team's; on it, a need or a match of another request is refused.
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Send", ["Ticked={draft}"], Start.WithDraft), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "AddExpert", ["NeedId={need}", "ExpertId={julie}"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "AddNeed", ["Subject=financer-projet"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Follow", ["NeedId={need}"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Unfollow", ["NeedId={need}"], Start.FollowedByAdmin), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "SetStatus", ["NeedId={need}", "MatchId={match}", "Status=taking_care"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "SetStatus", ["NeedId={otherNeed}", "MatchId={otherMatch}", "Status=taking_care"]), Untested, Forbidden, Forbidden, Forbidden, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "SetStatus", ["NeedId={need}", "MatchId={otherMatch}", "Status=taking_care"]), Untested, Untested, Untested, Untested, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "AddExpert", ["NeedId={otherNeed}", "ExpertId={julie}"]), Untested, Untested, Untested, Untested, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Follow", ["NeedId={otherNeed}"]), Untested, Untested, Untested, Untested, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Unfollow", ["NeedId={otherNeed}"], Start.FollowedByAdmin), Untested, Untested, Untested, Untested, Refused)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{request}/orientation", "Send", ["Ticked={draft}"], Start.WithDraft) with { Route = "/conseiller/sollicitations/{received}/orientation" }, Untested, Untested, Untested, Untested, Refused)) yield return c;

        // The triage desk and a request's page are the team's.
        foreach (var c in Row(Post("/conseiller/sollicitations", "Validate", ["SolicitationIds={received}"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations", "Cancel", ["SolicitationIds={received}", "Mass.ReplyKey=hors-champ"]), SignIn, Forbidden, Forbidden, Forbidden, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations", "Tag", ["SolicitationIds={received}", "Mass.Tag=matrice"]), SignIn, Forbidden, Forbidden, Forbidden, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "Validate", []), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "ValidateAndSteer", []), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "Cancel", ["ReplyKey=hors-champ"]), SignIn, Forbidden, Forbidden, Forbidden, Untested)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "Comment", ["Comment=Vu."]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "Tag", ["Tag=matrice"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
        foreach (var c in Row(Post("/conseiller/sollicitations/{received}", "Subject", ["Subject=financer-projet"]), SignIn, Forbidden, Forbidden, Forbidden, Done)) yield return c;
    }

    private static Request Get(string route, Start start = Start.Waiting) => new("GET", route, null, [], start);

    private static Request Post(string route, string handler, string[] fields, Start start = Start.Waiting) => new("POST", route, handler, fields, start);

    private static IEnumerable<Cell> Row(Request request, Outcome? anonymous, Outcome? expertA, Outcome? expertB, Outcome? manager, Outcome? admin)
    {
        var outcomes = new[] { (Role.Anonymous, anonymous), (Role.ExpertA, expertA), (Role.ExpertB, expertB), (Role.Manager, manager), (Role.Admin, admin) };
        foreach (var (role, outcome) in outcomes)
        {
            if (outcome is { } expected)
            {
                yield return new Cell(request.Method, request.Route, request.Handler, request.Fields, request.Start, role, expected);
            }
        }
    }

    public static IEnumerable<TestCaseData> Matrix() => Cells().Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    [Test]
    public void The_matrix_covers_every_handler_of_the_need_routing_and_inbox_pages()
    {
        var posted = Cells().Where(c => c.Handler is not null).Select(c => (Page: PageOf(c.Route), c.Handler)).ToHashSet();
        var handlers = new Dictionary<string, string[]>
        {
            ["need"] = ["Take", "Decline", "CloseWithHelp", "CloseWithoutHelp", "CloseUnreachable", "Undo", "Follow", "Unfollow", "Comment",
                         "ShareSatisfaction", "UnshareSatisfaction"],
            ["routing"] = ["Send", "AddExpert", "AddNeed", "Follow", "Unfollow", "SetStatus"],
            ["inbox"] = ["Decline"],
        };
        var pageTypes = new Dictionary<string, string>
        {
            ["need"] = "PdE.Matching.Features.ShowNeed.ShowNeedModel",
            ["routing"] = "PdE.Matching.Features.SteerRouting.SteerRoutingModel",
            ["inbox"] = "PdE.Matching.Features.ShowExpertInbox.ShowExpertInboxModel",
        };
        var matching = System.Reflection.Assembly.Load("PdE.Matching");
        foreach (var (page, type) in pageTypes)
        {
            var declared = matching.GetType(type, throwOnError: true)!
                .GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Select(m => Regex.Match(m.Name, "^OnPost(.+)Async$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
            Assert.That(declared, Is.EquivalentTo(handlers[page]), $"the POST handlers of the {page} page: add a row for a new one");
            Assert.That(handlers[page].Where(h => !posted.Contains((page, h))), Is.Empty, $"handlers of the {page} page without a row");
        }
    }

    private static string PageOf(string route) => route switch
    {
        _ when route.EndsWith("/orientation", StringComparison.Ordinal) => "routing",
        "/conseiller/besoins" or "/conseiller/besoins/antennes" => "inbox",
        _ when route.StartsWith("/conseiller/besoins/{", StringComparison.Ordinal) => "need",
        _ => "triage",
    };

    [TestCaseSource(nameof(Matrix))]
    public async Task Each_route_answers_each_role_as_the_matrix_says(Cell cell)
    {
        TestContext.Out.WriteLine(cell.ToString());
        var fixture = await ArrangeAsync(cell.Start);
        var client = clients[cell.Role];
        var path = Resolve(cell.Route, fixture);
        var before = await SnapshotAsync(fixture);

        HttpResponseMessage response;
        if (cell.Method == "GET")
        {
            response = await client.GetAsync(path);
        }
        else
        {
            var fields = cell.Fields.Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], Resolve(p[1], fixture)))
                .Append(new("__RequestVerificationToken", tokens[cell.Role]));
            response = await client.PostAsync($"{path}?handler={cell.Handler}", new FormUrlEncodedContent(fields));
        }

        var body = await response.Content.ReadAsStringAsync();
        var after = await SnapshotAsync(fixture);
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        var said = $"{cell}: answered {status}{(location.Length > 0 ? $" → {location}" : "")}";
        var changes = Diff(before, after);

        Assert.That(status, Is.LessThan(500), $"{said}\n{Excerpt(body)}");
        foreach (var secret in SecretsFor(cell.Role, fixture))
        {
            Assert.That(body, Does.Not.Contain(secret.Value), $"{said}: the response shows {secret.Key}");
        }

        switch (cell.Expected)
        {
            case Outcome.SignIn:
                Assert.That((status, new Uri(new Uri("http://localhost"), location).AbsolutePath), Is.EqualTo((302, "/connexion")), said);
                break;
            case Outcome.NotFound:
                Assert.That(status, Is.EqualTo(404), said);
                break;
            case Outcome.Forbidden:
                Assert.That(status, Is.EqualTo(403), said);
                break;
            case Outcome.Shown:
                Assert.That(status, Is.EqualTo(200), said);
                var (id, description) = cell.Route.Contains("{needB}", StringComparison.Ordinal)
                    ? (fixture.NeedB.ToString(), fixture.DescriptionB) : (fixture.NeedId.ToString(), fixture.DescriptionA);
                Assert.That(body.Contains(id, StringComparison.Ordinal) || body.Contains(description, StringComparison.Ordinal), Is.True, $"{said}: the need is not shown");
                break;
            case Outcome.Hidden:
                Assert.That(status, Is.EqualTo(200), said);
                Assert.That(body, Does.Not.Contain(fixture.NeedId.ToString()).And.Not.Contain(fixture.DescriptionA), $"{said}: A's need is listed");
                break;
            case Outcome.Ok:
                Assert.That(status, Is.EqualTo(200), said);
                break;
            case Outcome.Done:
                Assert.That(status, Is.EqualTo(302), $"{said}\n{Alert(body)}");
                Assert.That(location, Does.Not.Contain("/connexion"), said);
                Assert.That(changes, Is.Not.Empty, $"{said}: nothing changed");
                break;
            case Outcome.Refused:
                Assert.That(status, Is.EqualTo(200), said);
                Assert.That(Alert(body), Is.Not.Empty, $"{said}: the refusal is not said");
                TestContext.Out.WriteLine($"refused: {Alert(body)}");
                break;
        }

        if (cell.Expected != Outcome.Done)
        {
            Assert.That(changes, Is.Empty, $"{said}: it changed the database");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------------
    // The roles: the demo advisor (A), Léa invited as a member of Lucas Petit of the CMA (B), Marc invited as the manager of
    // A's antenne without an expert of his own, the demo admin, and a visitor.
    // ---------------------------------------------------------------------------------------------------------------------

    [OneTimeSetUp]
    public async Task SignInEveryRoleAsync()
    {
        foreach (var (role, client) in await MatrixRoles.SignInEveryRoleAsync(App))
        {
            clients[role] = client;
        }

        foreach (var (role, token) in await MatrixRoles.AntiforgeryTokensAsync(clients))
        {
            tokens[role] = token;
        }

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        adminUserId = await connection.QuerySingleAsync<Guid>("select id from directory.user_account where email = 'admin@place-des-entreprises.example.fr'");
    }

    // ---------------------------------------------------------------------------------------------------------------------
    // The rows each cell starts from, and what it may not change.
    // ---------------------------------------------------------------------------------------------------------------------

    internal sealed record Fixture(
        Guid RequestId, Guid NeedId, Guid MatchId, Guid DraftId, string Token, string DescriptionA,
        Guid NeedB, Guid MatchB, string DescriptionB, Guid AntenneB, Guid OtherNeed, Guid OtherMatch, Guid ReceivedId, Guid JulieId);

    private async Task<Fixture> ArrangeAsync(Start start)
    {
        var token = $"MATRICE{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var fixture = new Fixture(
            RequestId: Guid.CreateVersion7(), NeedId: Guid.CreateVersion7(), MatchId: Guid.CreateVersion7(), DraftId: Guid.CreateVersion7(),
            Token: token, DescriptionA: $"Projet temoin {token} pour A seulement",
            NeedB: Guid.CreateVersion7(), MatchB: Guid.CreateVersion7(), DescriptionB: $"Projet temoin {token} pour B seulement", AntenneB: Guid.Empty,
            OtherNeed: Guid.CreateVersion7(), OtherMatch: Guid.CreateVersion7(), ReceivedId: Guid.CreateVersion7(), JulieId: Guid.Empty);
        var taken = start == Start.TakenByA;
        const string Rows = """
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, validated_at, commune_code, company_name, naf_code)
            values (@RequestId, 'Jeanne Martin', 'jeanne.' || @Token || '@boulangerie-martin.fr', '0612345678', '73282932000074', 'export',
                    @DescriptionA, 'validated', clock_timestamp(), clock_timestamp(), '75111', 'ENTREPRISE ' || @Token, '10.71C'),
                   (@ReceivedId, 'Paul Durand', 'paul.' || @Token || '@menuiserie-durand.fr', '0612345679', '41816609600069', 'export',
                    'Demande en attente ' || @Token, 'received', clock_timestamp(), null, '75111', 'MENUISERIE ' || @Token, '16.23Z');

            insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, description, status, created_at, requested_at)
            values (@NeedId, @RequestId, 'export', '73282932000074', 'ENTREPRISE ' || @Token, '75111', @DescriptionA,
                    case when @taken then 'taking_care' else 'quo' end, now(), now()),
                   (@NeedB, gen_random_uuid(), 'reprendre', '73282932000074', 'ATELIER ' || @Token, '75111', @DescriptionB, 'quo', now(), now()),
                   (@OtherNeed, gen_random_uuid(), 'export', '41816609600069', 'AUTRE ' || @Token, '75111', 'Autre demande ' || @Token, 'quo', now(), now());

            insert into matching.match (id, need_id, expert_id, expert_name, expert_email, antenne_id, antenne_name, institution_id, institution_name,
                                        status, created_at, sent_at, taken_care_of_at, status_changed_at, explanation, expert_has_account)
            select x.match_id, x.need_id, e.id, e.full_name, e.email, a.id, a.name, i.id, i.name,
                   x.status, now(), case when x.draft or (x.match_id = @MatchId and @draftForA) then null else now() end,
                   case when x.status = 'taking_care' then now() end, case when x.status = 'taking_care' then now() end, 'Fixture de la matrice', true
            from (values (@MatchId, @NeedId, 'Camille Martin', case when @taken then 'taking_care' else 'quo' end, false),
                         (@MatchB, @NeedB, 'Lucas Petit', 'quo', false),
                         (@OtherMatch, @OtherNeed, 'Thomas Nguyen', 'quo', false),
                         (@DraftId, @NeedId, 'Julie Moreau', 'quo', true)) as x(match_id, need_id, expert, status, draft)
            join directory.expert e on e.full_name = x.expert and e.deleted_at is null
            join directory.antenne a on a.id = e.antenne_id join directory.institution i on i.id = a.institution_id
            where not x.draft or @withDraft;

            insert into matching.match_history (id, match_id, need_id, from_status, to_status, actor_user_id, actor_name, occurred_at)
            select gen_random_uuid(), @MatchId, @NeedId, 'quo', 'taking_care', u.id, u.full_name, now()
            from directory.user_account u where @taken and u.email = 'camille.martin@cci-paris-idf.example.fr';

            insert into matching.need_follower (need_id, user_id, followed_at)
            select n.id, @adminUserId, now() from matching.need n where @followed and n.id in (@NeedId, @OtherNeed);

            insert into matching.satisfaction_survey (need_id, token_hash, sent_at, answered_at, contacted_by_expert, useful_exchange, comment, shared_at, shared_by_name)
            select @NeedId, sha256(convert_to(@Token, 'UTF8')), now(), now(), true, true, 'Merci ' || @Token, case when @shared then now() end,
                   case when @shared then 'Administrateur' end
            where @surveyed;
            """;
        var parameters = new
        {
            fixture.RequestId, fixture.ReceivedId, fixture.NeedId, fixture.MatchId, fixture.DraftId, fixture.NeedB, fixture.MatchB,
            fixture.OtherNeed, fixture.OtherMatch, fixture.Token, fixture.DescriptionA, fixture.DescriptionB, taken,
            withDraft = start == Start.WithDraft, draftForA = start == Start.DraftForA, followed = start == Start.FollowedByAdmin, adminUserId,
            surveyed = start is Start.SurveyAnswered or Start.SurveyShared, shared = start == Start.SurveyShared,
        };
        // One transaction, retried on a deadlock: the previous cell's requests may still be routed in the background, and
        // matches written at the same moment for the same experts meet on their counts (matching.expert_match_count) in
        // another order; PostgreSQL then aborts one of the two, which the site's outbox retries, and so does this fixture.
        await TransientDatabaseFailure.RetryAsync(async cancellationToken =>
        {
            await using var writer = new NpgsqlConnection(App.Database.ConnectionString);
            await writer.OpenAsync(cancellationToken);
            await using var transaction = await writer.BeginTransactionAsync(cancellationToken);
            await writer.ExecuteAsync(new CommandDefinition(Rows, parameters, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, TimeSpan.FromSeconds(15), NullLogger.Instance, "the route matrix's fixture", CancellationToken.None);
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var julie = await connection.QuerySingleAsync<Guid>("select id from directory.expert where full_name = 'Julie Moreau'");
        var antenneB = await connection.QuerySingleAsync<Guid>("select id from directory.antenne where name = 'CMA Île-de-France'");
        return fixture with { JulieId = julie, AntenneB = antenneB };
    }

    private static string Resolve(string template, Fixture f) => template
        .Replace("{needB}", f.NeedB.ToString(), StringComparison.Ordinal)
        .Replace("{matchB}", f.MatchB.ToString(), StringComparison.Ordinal)
        .Replace("{antenneB}", f.AntenneB.ToString(), StringComparison.Ordinal)
        .Replace("{otherNeed}", f.OtherNeed.ToString(), StringComparison.Ordinal)
        .Replace("{otherMatch}", f.OtherMatch.ToString(), StringComparison.Ordinal)
        .Replace("{need}", f.NeedId.ToString(), StringComparison.Ordinal)
        .Replace("{match}", f.MatchId.ToString(), StringComparison.Ordinal)
        .Replace("{draft}", f.DraftId.ToString(), StringComparison.Ordinal)
        .Replace("{request}", f.RequestId.ToString(), StringComparison.Ordinal)
        .Replace("{received}", f.ReceivedId.ToString(), StringComparison.Ordinal)
        .Replace("{julie}", f.JulieId.ToString(), StringComparison.Ordinal)
        .Replace("{token}", f.Token, StringComparison.Ordinal);

    /// <summary>What a role must never be shown: A's need to B; B's need (outside the perimeter) to A and the manager; anything to a visitor.</summary>
    private static Dictionary<string, string> SecretsFor(Role role, Fixture f)
    {
        var ofA = new Dictionary<string, string> { ["A's need id"] = f.NeedId.ToString(), ["A's match id"] = f.MatchId.ToString(), ["A's description"] = f.DescriptionA };
        var ofB = new Dictionary<string, string> { ["B's need id"] = f.NeedB.ToString(), ["B's match id"] = f.MatchB.ToString(), ["B's description"] = f.DescriptionB };
        return role switch
        {
            Role.Anonymous => ofA.Concat(ofB).ToDictionary(),
            Role.ExpertB => ofA,
            Role.ExpertA or Role.Manager => ofB,
            _ => [],
        };
    }

    /// <summary>Every row the cell's actions could touch, as sorted lines.</summary>
    private async Task<List<string>> SnapshotAsync(Fixture f)
    {
        var requests = new[] { f.RequestId, f.ReceivedId };
        var ids = new[] { f.RequestId, f.ReceivedId, f.NeedId, f.MatchId, f.DraftId, f.NeedB, f.MatchB, f.OtherNeed, f.OtherMatch };
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var lines = await connection.QueryAsync<string>("""
            with needs as (
                select id from matching.need where id = any(@Needs) or solicitation_id = any(@Requests)
            )
            select 'need ' || n.id || ' of ' || n.solicitation_id || ': ' || n.subject_slug || ', ' || n.status from matching.need n where n.id in (select id from needs)
            union all
            select 'match ' || m.id || ' of ' || m.need_id || ': ' || m.expert_name || ', ' || m.status || case when m.sent_at is null then ', draft' else ', sent' end
            from matching.match m where m.need_id in (select id from needs)
            union all
            select 'history of ' || h.match_id || ': ' || h.from_status || ' → ' || h.to_status || ' by ' || h.actor_name
            from matching.match_history h where h.need_id in (select id from needs)
            union all
            select 'comment on ' || c.need_id || ' by ' || c.author_name || ': ' || c.body from matching.need_comment c where c.need_id in (select id from needs)
            union all
            select 'follower of ' || f.need_id || ': ' || f.user_id from matching.need_follower f where f.need_id in (select id from needs)
            union all
            select 'survey of ' || v.need_id || ': ' || case when v.shared_at is null then 'not shared' else 'shared' end
            from matching.satisfaction_survey v where v.need_id in (select id from needs)
            union all
            select 'request ' || s.id || ': ' || s.status || ', ' || s.subject_slug || ', tags ' || array_to_string(s.tags, ',')
            from solicitations.solicitation s where s.id = any(@Requests)
            union all
            select 'request event of ' || e.solicitation_id || ': ' || e.action from solicitations.solicitation_event e where e.solicitation_id = any(@Requests)
            union all
            select 'matching outbox: ' || o.type from matching.outbox_message o where o.payload::text like any(@Patterns)
            union all
            select 'solicitations outbox: ' || o.type from solicitations.outbox_message o where o.payload::text like any(@Patterns)
            """, new
        {
            Needs = new[] { f.NeedId, f.NeedB, f.OtherNeed }, Requests = requests, Patterns = ids.Select(i => $"%{i}%").ToArray(),
        });
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static List<string> Diff(List<string> before, List<string> after)
    {
        var removed = new List<string>(before);
        var added = new List<string>();
        foreach (var line in after)
        {
            if (!removed.Remove(line))
            {
                added.Add(line);
            }
        }

        return removed.Select(l => "- " + l).Concat(added.Select(l => "+ " + l)).ToList();
    }

    private static string Alert(string body)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(body);
        return string.Join(" | ", document.QuerySelectorAll("[role=alert]").Select(a => a.TextContent.Trim()));
    }

    private static string Excerpt(string body) => body.Length > 2000 ? body[..2000] : body;
}
