using System.Net;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace PdE.Host.Tests.Authorization;

/// <summary>
/// Every endpoint the site maps (every Razor page and every minimal endpoint, read from the host's own endpoint data
/// sources) has a rule below saying who may reach it, and each of the five <see cref="Role"/>s gets what its rule says:
/// on GET for every route, and on POST for every page handler (a visitor never gets past a non-public handler; an expert
/// or a manager never past an admin one). A new page without a rule, or a rule whose page is gone, fails the coverage test.
/// The fine-grained rights inside the agents' pages (whose need, whose antenne) are <see cref="RouteRoleMatrixTests"/>'s.
/// </summary>
public sealed class EveryEndpointAccessTests : SiteTests
{
    /// <summary>Who may reach a route.</summary>
    public enum Access
    {
        /// <summary>Everyone, signed in or not: never sent to /connexion, never 403.</summary>
        Public,

        /// <summary>Signed-in agents (experts, managers, the team): a visitor is sent to /connexion?ReturnUrl=….</summary>
        Agent,

        /// <summary>Antenne managers only: a visitor is sent to /connexion; other agents, the admin included, are told it does not exist (404).</summary>
        Manager,

        /// <summary>The team: a visitor is sent to /connexion; experts and managers get the French 403 page « Accès refusé ».</summary>
        Admin,

        /// <summary>Partners with an API key (Authorization: Bearer): without one, a 401 problem (JSON), whatever the cookie.</summary>
        PartnerKey,

        /// <summary>An error page: everyone gets it, with the status its address names (the sample asks for 404).</summary>
        ErrorPage,

        /// <summary>
        /// A feature this test's settings leave off (ProConnect, without <c>ProConnect:Authority</c>): 404 for everyone, on GET
        /// and POST, as an address that does not exist; its own tests turn it on (ProConnectSignIn/).
        /// </summary>
        Off,
    }

    /// <summary>What one role gets on one request.</summary>
    private enum Outcome
    {
        /// <summary>Not refused: no redirect to /connexion, no 401 or 403, no 5xx; with a real sample (no random value), a 2xx or a redirect elsewhere.</summary>
        Allowed,

        /// <summary>302 to /connexion?ReturnUrl=(the address asked for).</summary>
        SignIn,

        /// <summary>403 with the French « Accès refusé » page.</summary>
        Forbidden,

        /// <summary>404, as for an address that does not exist.</summary>
        NotFound,

        /// <summary>401 with a problem document (application/problem+json).</summary>
        Unauthorized,
    }

    /// <param name="Pattern">The route as the endpoint declares it (e.g. <c>/admin/comptes/{userId:guid}</c>).</param>
    /// <param name="Sample">The address requested: placeholders in braces are demo values (see <see cref="SamplesAsync"/>); <c>{random-guid}</c> and <c>{random-token}</c> are values nothing has.</param>
    private sealed record Rule(string Pattern, Access Access, string Sample)
    {
        public bool IsRandom => Sample.Contains("{random-", StringComparison.Ordinal);
    }

    private static Rule R(string pattern, Access access, string? sample = null) => new(pattern, access, sample ?? pattern);

    private const Access Public = Access.Public, Agent = Access.Agent, Manager = Access.Manager, Admin = Access.Admin, PartnerKey = Access.PartnerKey,
        ErrorPage = Access.ErrorPage, Off = Access.Off;

    // ---------------------------------------------------------------------------------------------------------------------
    // The rules: one line per route (a route serving two views has one line per view), grouped as the addresses are.
    // ---------------------------------------------------------------------------------------------------------------------

    private static readonly Rule[] Rules =
    [
        // The public site.
        R("/",                                                   Public),
        R("/themes/{slug}",                                      Public, "/themes/{theme}"),
        R("/sujets/{slug}",                                      Public, "/sujets/{subject}"),
        R("/aide-entreprises/{slug}",                            Public, "/aide-entreprises/{landing}"),
        R("/comment-ca-marche",                                  Public),
        R("/stats",                                              Public),
        R("/plan-du-site",                                       Public),
        R("/{slug:regex(^(accessibilite|mentions-legales|donnees-personnelles)$)}", Public, "/accessibilite"),
        R("/{slug:regex(^(accessibilite|mentions-legales|donnees-personnelles)$)}", Public, "/mentions-legales"),
        R("/{slug:regex(^(accessibilite|mentions-legales|donnees-personnelles)$)}", Public, "/donnees-personnelles"),

        // The request form: its three steps are reached by a private link (the draft's token).
        R("/sujets/{slug}/demande",                              Public, "/sujets/{subject}/demande"),
        R("/demande",                                            Public),
        R("/demande/entreprises",                                Public, "/demande/entreprises?q=boulangerie"),
        R("/ma-demande/{token}",                                 Public, "/ma-demande/{random-token}"),
        R("/ma-demande/{token}/entreprise",                      Public, "/ma-demande/{random-token}/entreprise"),
        R("/ma-demande/{token}/description",                     Public, "/ma-demande/{random-token}/description"),
        R("/demande/envoyee/{id:guid}",                          Public, "/demande/envoyee/{solicitation}"),

        // The requester's follow-up, by private link.
        R("/suivi",                                              Public),
        R("/suivi/{token}",                                      Public, "/suivi/{random-token}"),

        // The satisfaction survey, by private link.
        R("/satisfaction/{token}",                               Public, "/satisfaction/{random-token}"),

        // Accounts: signing in and out, invitations and passwords (by e-mailed link).
        R("/connexion",                                          Public),
        R("/connexion/proconnect",                               Off),
        R("/deconnexion",                                        Public),
        R("/compte/mot-de-passe-oublie",                         Public),
        R("/compte/invitation/{token}",                          Public, "/compte/invitation/{random-token}"),
        R("/compte/nouveau-mot-de-passe/{token}",                Public, "/compte/nouveau-mot-de-passe/{random-token}"),

        // Agents: their home, the inboxes and need pages (whose need is RouteRoleMatrixTests'), the team's desk.
        R("/conseiller",                                         Agent),
        R("/conseiller/besoins/{vue:regex(^antennes$)?}",        Agent,   "/conseiller/besoins"),
        R("/conseiller/besoins/{vue:regex(^antennes$)?}",        Manager, "/conseiller/besoins/antennes"),
        R("/conseiller/besoins/{id:guid}",                       Agent,   "/conseiller/besoins/{random-guid}"),
        R("/conseiller/besoins/suivis",                          Admin),
        R("/conseiller/sollicitations",                          Admin),
        R("/conseiller/relances",                                Admin),
        R("/conseiller/avis",                                    Admin),
        R("/conseiller/statistiques/equipe",                     Admin),
        R("/conseiller/statistiques",                            Manager),
        R("/conseiller/exports",                                 Agent),
        R("/conseiller/recherche",                               Agent,   "/conseiller/recherche?q=boulangerie"),
        R("/conseiller/exports/{id:guid}/fichier",               Agent,   "/conseiller/exports/{random-guid}/fichier"),
        R("/conseiller/sollicitations/{id:guid}",                Admin,   "/conseiller/sollicitations/{solicitation}"),
        R("/conseiller/sollicitations/{id:guid}/orientation",    Admin,   "/conseiller/sollicitations/{solicitation}/orientation"),

        // The back office.
        R("/admin/parcours",                                     Admin),
        R("/admin/parcours/nouveau",                             Admin),
        R("/admin/parcours/{landing}",                           Admin),
        R("/admin/annuaire",                                     Admin),
        R("/admin/annuaire/anomalies",                           Admin),
        R("/admin/catalogue",                                    Admin),
        R("/admin/catalogue/themes/nouveau",                     Admin),
        R("/admin/catalogue/themes/{theme}/modifier",            Admin),
        R("/admin/catalogue/sujets/nouveau",                     Admin),
        R("/admin/catalogue/sujets/{subject}",                   Admin),
        R("/admin/annuaire/institutions/nouvelle",               Admin),
        R("/admin/annuaire/institutions/{slug}",                 Admin, "/admin/annuaire/institutions/{institution}"),
        R("/admin/annuaire/institutions/{slug}/modifier",        Admin, "/admin/annuaire/institutions/{institution}/modifier"),
        R("/admin/annuaire/institutions/{slug}/filtres",         Admin, "/admin/annuaire/institutions/{institution}/filtres"),
        R("/admin/annuaire/institutions/{slug}/antennes/nouvelle", Admin, "/admin/annuaire/institutions/{institution}/antennes/nouvelle"),
        R("/admin/annuaire/institutions/{slug}/antennes/import", Admin, "/admin/annuaire/institutions/{institution}/antennes/import"),
        R("/admin/annuaire/institutions/{slug}/antennes.csv",    Admin, "/admin/annuaire/institutions/{institution}/antennes.csv"),
        R("/admin/annuaire/institutions/{slug}/conseillers/import", Admin, "/admin/annuaire/institutions/{institution}/conseillers/import"),
        R("/admin/annuaire/institutions/{slug}/conseillers/export", Admin, "/admin/annuaire/institutions/{institution}/conseillers/export"),
        R("/admin/annuaire/antennes/{id:guid}",                  Admin, "/admin/annuaire/antennes/{antenne}"),
        R("/admin/annuaire/antennes/{id:guid}/modifier",         Admin, "/admin/annuaire/antennes/{antenne}/modifier"),
        R("/admin/annuaire/antennes/{id:guid}/filtres",          Admin, "/admin/annuaire/antennes/{antenne}/filtres"),
        R("/admin/annuaire/antennes/{id:guid}/experts/nouveau",  Admin, "/admin/annuaire/antennes/{antenne}/experts/nouveau"),
        R("/admin/annuaire/experts/{expertId:guid}",             Admin, "/admin/annuaire/experts/{expert}"),
        R("/admin/annuaire/experts/{expertId:guid}/modifier",    Admin, "/admin/annuaire/experts/{expert}/modifier"),
        R("/admin/comptes",                                      Admin),
        R("/admin/comptes/inviter",                              Admin),
        R("/admin/comptes/{userId:guid}",                        Admin, "/admin/comptes/{user}"),
        R("/admin/territoires",                                  Admin),
        R("/admin/territoires/personnalise/{territory:guid?}",   Admin, "/admin/territoires/personnalise"),
        R("/admin/territoires/{territory}/affecter",             Admin, "/admin/territoires/departement-75/affecter"),
        R("/admin/liste-de-blocage",                             Admin),
        R("/admin/cles-api",                                     Admin),
        R("/admin/e-mails",                                      Admin),
        R("/admin/e-mails/{id:guid}",                            Admin, "/admin/e-mails/{email}"),
        R("/admin/e-mails/modeles",                              Admin),
        R("/admin/e-mails/modeles/{template}",                   Admin, "/admin/e-mails/modeles/MatchCreated"),
        R("/admin/taches",                                       Admin),

        // The partner API (its key is checked by the endpoint itself), and its OpenAPI description.
        R("/api/v1/solicitations",                               PartnerKey),
        R("/api/v1/solicitations/{id:guid}",                     PartnerKey, "/api/v1/solicitations/{solicitation}"),
        R("/api/v1/themes",                                      PartnerKey),
        R("/api/v1/subjects",                                    PartnerKey),
        R("/api/v1/landings",                                    PartnerKey),
        R("/api/{documentName}/openapi.json",                    Public, "/api/v1/openapi.json"),

        // Health checks, for the load balancer and the monitoring.
        R("/health",                                             Public),
        R("/health/ready",                                       Public),

        // Error pages (what the status-code pages re-execute).
        R("/erreur/{code:int?}",                                 ErrorPage, "/erreur/404"),
    ];

    private static Outcome Expected(Access access, Role role) => (access, role) switch
    {
        (Access.Public, _) => Outcome.Allowed,
        (Access.PartnerKey, _) => Outcome.Unauthorized,
        (Access.ErrorPage or Access.Off, _) => Outcome.NotFound,
        (_, Role.Anonymous) => Outcome.SignIn,
        (Access.Agent, _) => Outcome.Allowed,
        (Access.Manager, Role.Manager) => Outcome.Allowed,
        (Access.Manager, _) => Outcome.NotFound,
        (Access.Admin, Role.Admin) => Outcome.Allowed,
        (Access.Admin, _) => Outcome.Forbidden,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    // ---------------------------------------------------------------------------------------------------------------------
    // The endpoints, as the host maps them.
    // ---------------------------------------------------------------------------------------------------------------------

    /// <param name="Handlers">A page's POST handlers (null: the unnamed <c>OnPost</c>); empty for a minimal endpoint.</param>
    private sealed record MappedEndpoint(string Pattern, string DisplayName, IReadOnlyList<string> Methods, bool IsPage, IReadOnlyList<string?> PostHandlers);

    private async Task<List<MappedEndpoint>> MappedEndpointsAsync()
    {
        var loader = App.Services.GetRequiredService<PageLoader>();
        var mapped = new List<MappedEndpoint>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint route)
            {
                throw new AssertionException($"an endpoint that is not a route: {endpoint.DisplayName}; give this test a way to reach it");
            }

            var pattern = "/" + (route.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var posts = compiled.HandlerMethods.Where(h => h.HttpMethod == "Post").Select(h => h.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
                mapped.Add(new(pattern, endpoint.DisplayName ?? pattern, ["GET", .. posts.Count > 0 ? ["POST"] : Array.Empty<string>()], true, posts));
            }
            else
            {
                // A minimal endpoint without method metadata (the health checks) answers any method: it is read with GET.
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                mapped.Add(new(pattern, endpoint.DisplayName ?? pattern, methods.ToList(), false, []));
            }
        }

        return mapped;
    }

    [Test]
    public async Task Every_endpoint_has_a_rule_and_every_rule_an_endpoint()
    {
        var endpoints = await MappedEndpointsAsync();
        var patterns = endpoints.Select(e => e.Pattern).ToHashSet(StringComparer.Ordinal);
        var ruled = Rules.Select(r => r.Pattern).ToHashSet(StringComparer.Ordinal);

        var problems = endpoints.Where(e => !ruled.Contains(e.Pattern))
            .Select(e => $"{string.Join("/", e.Methods)} {e.Pattern} ({e.DisplayName}) has no rule: add a line to {nameof(EveryEndpointAccessTests)}.{nameof(Rules)}")
            .Concat(Rules.Where(r => !patterns.Contains(r.Pattern)).Select(r => $"the rule for {r.Pattern} names no endpoint: remove it or fix its pattern"))
            .ToList();
        Assert.That(problems, Is.Empty, $"{problems.Count} problem(s):\n" + string.Join("\n", problems));
        Assert.That(endpoints, Has.Count.GreaterThan(50), "the host's endpoints were read");
    }

    // ---------------------------------------------------------------------------------------------------------------------
    // Each rule × each role.
    // ---------------------------------------------------------------------------------------------------------------------

    private Dictionary<Role, HttpClient> clients = [];
    private Dictionary<Role, string> tokens = [];

    [OneTimeSetUp]
    public async Task SignInEveryRoleAsync()
    {
        clients = await MatrixRoles.SignInEveryRoleAsync(App);
        tokens = await MatrixRoles.AntiforgeryTokensAsync(clients);
    }

    /// <summary>
    /// The address of every page an agent or a visitor reads (GET, a real sample), with who may read it: the demo's pages,
    /// for the checks that read them all (here, and axe in <see cref="Browser.EveryPageAccessibilityBrowserTests"/>).
    /// </summary>
    internal static async Task<IReadOnlyList<(string Path, Access Access)>> PagesAsync(PdEApplication app)
    {
        var samples = await SamplesAsync(app);
        return Rules.Where(r => r.Access is Access.Public or Access.Agent or Access.Manager or Access.Admin && !r.IsRandom)
            .Select(r => (samples.Aggregate(r.Sample, (p, s) => p.Replace(s.Key, s.Value, StringComparison.Ordinal)), r.Access))
            .ToList();
    }

    /// <summary>The demo values the samples' placeholders stand for.</summary>
    private static async Task<Dictionary<string, string>> SamplesAsync(PdEApplication app)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        // The tests' demo data has no request: one waits on the desk (as the request form's last step leaves it).
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
            values (@Id, 'Paul Durand', 'paul.durand@menuiserie-durand.fr', '0612345679', '41816609600069', 'export',
                    'Demande témoin de la matrice des accès', 'received', clock_timestamp(), '75111', 'MENUISERIE DURAND', '16.23Z')
            """, new { Id = Guid.CreateVersion7() });
        // And one e-mail that failed (its page shows the resend button).
        await connection.ExecuteAsync("""
            insert into notifications.email (id, template, recipient, subject, html_body, text_body, status, attempts, last_error, failed_at)
            values (@Id, 'MatchCreated', 'camille.martin@cci-paris-idf.example.fr', 'Nouvelle demande : MENUISERIE DURAND, export',
                    '<p>Bonjour Camille Martin,</p>', 'Bonjour Camille Martin,', 'failed', 1, '550 5.1.1 Boîte inconnue', now())
            """, new { Id = Guid.CreateVersion7() });
        var row = await connection.QuerySingleAsync<(string Theme, string Subject, string Landing, string Institution, Guid Antenne, Guid Expert, Guid User, Guid Solicitation, Guid Email)>("""
            select (select slug from directory.theme order by position, slug limit 1),
                   'export',
                   (select slug from solicitations.landing order by slug limit 1),
                   (select i.slug from directory.institution i join directory.antenne a on a.institution_id = i.id where a.name = 'CCI Paris Île-de-France'),
                   (select id from directory.antenne where name = 'CCI Paris Île-de-France'),
                   (select id from directory.expert where full_name = 'Camille Martin'),
                   (select id from directory.user_account where email = 'camille.martin@cci-paris-idf.example.fr'),
                   (select id from solicitations.solicitation order by submitted_at limit 1),
                   (select id from notifications.email where status = 'failed' order by created_at limit 1)
            """);
        Assert.That(new object?[] { row.Theme, row.Landing, row.Institution }, Has.None.Null, "demo values");
        Assert.That(new[] { row.Antenne, row.Expert, row.User, row.Solicitation, row.Email }, Has.None.EqualTo(Guid.Empty), "demo ids");
        return new()
        {
            ["{theme}"] = row.Theme, ["{subject}"] = row.Subject, ["{landing}"] = row.Landing, ["{institution}"] = row.Institution,
            ["{antenne}"] = row.Antenne.ToString(), ["{expert}"] = row.Expert.ToString(), ["{user}"] = row.User.ToString(),
            ["{solicitation}"] = row.Solicitation.ToString(), ["{email}"] = row.Email.ToString(),
            ["{random-guid}"] = Guid.NewGuid().ToString(), ["{random-token}"] = "jeton-inconnu-" + Guid.NewGuid().ToString("N"),
        };
    }

    [Test]
    public async Task Every_route_answers_every_role_as_its_rule_says()
    {
        var endpoints = (await MappedEndpointsAsync()).ToLookup(e => e.Pattern, StringComparer.Ordinal);
        var samples = await SamplesAsync(App);
        var mismatches = new List<string>();
        var table = new StringBuilder();
        var cells = 0;

        foreach (var rule in Rules)
        {
            var path = samples.Aggregate(rule.Sample, (p, s) => p.Replace(s.Key, s.Value, StringComparison.Ordinal));
            Assert.That(path, Does.Not.Contain("{"), $"a placeholder of {rule.Sample} has no value");
            var endpoint = endpoints[rule.Pattern].FirstOrDefault();
            if (endpoint is null)
            {
                continue; // said by the coverage test
            }

            // GET, for every role (the partner API's submission is a POST: sent without a key).
            foreach (var role in Enum.GetValues<Role>())
            {
                HttpResponseMessage response;
                string asked;
                if (rule.Access == Access.PartnerKey && rule.Pattern == PartnerApi.PartnerApiClient.Endpoint)
                {
                    asked = $"POST {path}";
                    response = await clients[role].PostAsync(path, new StringContent("""{"email":"a@b.fr"}""", Encoding.UTF8, "application/json"));
                }
                else
                {
                    asked = $"GET {path}";
                    response = await clients[role].GetAsync(path);
                }

                cells++;
                var expected = Expected(rule.Access, role);
                var said = await CheckAsync(response, path, expected, strict: !rule.IsRandom);
                table.AppendLine($"{asked,-95} {role,-9} {(int)response.StatusCode} {Where(response)}");
                if (said is not null)
                {
                    mismatches.Add($"{asked} as {role}: expected {expected} ({rule.Access} rule), {said}");
                }
            }

            // POST to each page handler: a visitor never gets past a non-public one, an expert or a manager never past an
            // admin one (with the role's own anti-forgery token, as an attacker would post it). What a public handler or an
            // agent's handler does with a role is the journeys' and RouteRoleMatrixTests' business; it must not fail.
            foreach (var handler in endpoint.PostHandlers)
            {
                var target = handler is null ? path : QueryHelpers.AddQueryString(path, "handler", handler);
                foreach (var role in new[] { Role.Anonymous, Role.ExpertA, Role.ExpertB, Role.Manager })
                {
                    if (role != Role.Anonymous && rule.Access != Access.Admin)
                    {
                        continue;
                    }

                    var expected = rule.Access == Access.Public ? Outcome.Allowed : Expected(rule.Access, role);
                    var response = await clients[role].PostAsync(target, new FormUrlEncodedContent([new("__RequestVerificationToken", tokens[role])]));
                    cells++;
                    // A public form posted empty is refused by its validation (or its unknown token): not refused by the rights.
                    var said = await CheckAsync(response, target, expected, strict: false);
                    table.AppendLine($"{"POST " + target,-95} {role,-9} {(int)response.StatusCode} {Where(response)}");
                    if (said is not null)
                    {
                        mismatches.Add($"POST {target} as {role}: expected {expected} ({rule.Access} rule), {said}");
                    }
                }
            }
        }

        await TestContext.Out.WriteLineAsync($"{cells} cells over {Rules.Length} rules:\n{table}");
        Assert.That(mismatches, Is.Empty, $"{mismatches.Count} of {cells} cells answer otherwise than their rule:\n" + string.Join("\n", mismatches));
    }

    /// <summary>Singular French nouns that end in s or x, which may follow « 1 ».</summary>
    private static readonly HashSet<string> SingularInS =
        ["mois", "fois", "temps", "pays", "prix", "avis", "cas", "accès", "succès", "processus", "corps", "choix"];

    /// <summary>
    /// Issue 17: what the pages say reads as French, on every page each role reaches over the demo data: never a plural after
    /// « 1 » (« 1 demandes reçues »), never a commune's INSEE code in parentheses where a reader expects its postcode
    /// (« Paris 11e Arrondissement (75111) », for 75011). The territory pages are the exception: there, INSEE codes are what
    /// the team types and reads.
    /// </summary>
    [Test]
    public async Task Every_page_says_1_in_the_singular_and_names_communes_by_their_postcode()
    {
        var pagePaths = await PagesAsync(App);
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var inseeOnly = (await connection.QueryAsync<string>(
            "select code from directory.commune except select unnest(postal_codes) from directory.commune")).ToHashSet();
        var plural = new System.Text.RegularExpressions.Regex(@"(?<![\d\u202F\u00A0,.])\b1 ([a-zàâçéèêëîïôûùüÿœ’'-]+[sx])\b");
        var inParentheses = new System.Text.RegularExpressions.Regex(@"\(((?:\d{5})|(?:2[AB]\d{3}))\)");
        var found = new List<string>();
        var pages = 0;
        foreach (var (path, _) in pagePaths)
        {
            foreach (var role in new[] { Role.Anonymous, Role.ExpertA, Role.Manager, Role.Admin })
            {
                using var response = await clients[role].GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                {
                    continue;
                }

                pages++;
                var document = await PdEApplication.ParseAsync(response);
                var text = System.Text.RegularExpressions.Regex.Replace(document.Body?.TextContent ?? "", @"\s+", " ");
                found.AddRange(plural.Matches(text).Where(m => !SingularInS.Contains(m.Groups[1].Value))
                    .Select(m => $"{path} as {role}: « {Around(text, m.Index)} »"));
                if (!path.StartsWith("/admin/territoires", StringComparison.Ordinal))
                {
                    found.AddRange(inParentheses.Matches(text).Where(m => inseeOnly.Contains(m.Groups[1].Value))
                        .Select(m => $"{path} as {role}: INSEE code « {Around(text, m.Index)} »"));
                }
            }
        }

        await TestContext.Out.WriteLineAsync($"{pages} pages read");
        Assert.That(pages, Is.GreaterThan(40), "the pages of the demo were read");
        Assert.That(found.Distinct(), Is.Empty);
    }

    private static string Around(string text, int index) => text.Substring(Math.Max(0, index - 40), Math.Min(90, text.Length - Math.Max(0, index - 40)));

    private static string Where(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? "→ " + location.OriginalString : "";

    /// <returns>Null when the response is the one expected, else what it was.</returns>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, string asked, Outcome expected, bool strict)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } l ? new Uri(new Uri("http://localhost"), l) : null;
        var toSignIn = status is 302 && location is { AbsolutePath: "/connexion" }
            && QueryHelpers.ParseQuery(location.Query).ContainsKey("ReturnUrl");
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var got = $"got {status}{(location is null ? "" : $" → {location.PathAndQuery}")}";
        if (status >= 500)
        {
            return $"{got}: a server error";
        }

        switch (expected)
        {
            case Outcome.Allowed:
                if (toSignIn || status is 401 or 403)
                {
                    return $"{got}: refused";
                }

                return strict && status is not (>= 200 and < 400) ? $"{got} for a demo value" : null;
            case Outcome.SignIn:
                var returnUrl = toSignIn ? QueryHelpers.ParseQuery(location!.Query)["ReturnUrl"].ToString() : null;
                return returnUrl == asked ? null : $"{got}{(toSignIn ? $" (ReturnUrl {returnUrl}, not {asked})" : "")}";
            case Outcome.Forbidden:
                return status == 403 && body.Contains("Accès refusé", StringComparison.Ordinal) ? null : $"{got}{(status == 403 ? " without the « Accès refusé » page" : "")}";
            case Outcome.NotFound:
                return status == 404 ? null : got;
            case Outcome.Unauthorized:
                return status == 401 && response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? null
                    : $"{got} ({response.Content.Headers.ContentType?.MediaType})";
            default:
                throw new ArgumentOutOfRangeException(nameof(expected));
        }
    }
}
