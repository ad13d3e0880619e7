using System.Net;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Journeys;

/// <summary>Landings (and their embeddable variant) and the "Comment ça marche" page with its live figures.</summary>
public sealed class PublicSiteTests : SiteTests
{
    private const string Partner = "https://www.partenaire.example.fr";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Embedding:AllowedOrigins:0"] = Partner,
        ["Embedding:AllowedOrigins:1"] = "https://evil.example.fr; script-src *",
    };

    [Test]
    public async Task A_landing_shows_its_title_intro_and_the_subjects_of_its_themes_only()
    {
        var response = await App.CreateBrowserLikeClient().GetAsync("/aide-entreprises/relance");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Relancer votre activité"));
        Assert.That(page.QuerySelectorAll("h2").Select(h => h.TextContent), Is.EqualTo(new[] { "Financement et trésorerie", "Difficultés et prévention" }));
        Assert.That(page.QuerySelectorAll(".fr-card__title a").Select(a => a.GetAttribute("href")), Does.Contain("/sujets/tresorerie/demande?parcours=relance")
            .And.Not.Contain("/sujets/recruter/demande?parcours=relance"));
        Assert.That(page.QuerySelector("header.fr-header"), Is.Not.Null);
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"), "the full page is never framed");
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
        Assert.That((await App.CreateBrowserLikeClient().GetAsync("/aide-entreprises/inconnue")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_embeddable_variant_has_no_header_and_may_be_framed_by_the_allowed_origins_only()
    {
        var response = await App.CreateBrowserLikeClient().GetAsync("/aide-entreprises/relance?iframe=1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That((page.QuerySelector("header"), page.QuerySelector("footer")), Is.EqualTo((null as AngleSharp.Dom.IElement, null as AngleSharp.Dom.IElement)));
        Assert.That(page.QuerySelector(".fr-card__title a")!.GetAttribute("target"), Is.EqualTo("_blank"));
        Assert.That(response.Headers.Contains("X-Frame-Options"), Is.False);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.EndWith($"frame-ancestors 'self' {Partner}").And.Not.Contain("evil").And.Contain("default-src 'self'"));

        // Another page asked with ?iframe=1 is not embeddable.
        var other = await App.CreateBrowserLikeClient().GetAsync("/sujets/tresorerie?iframe=1");
        Assert.That(other.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        Assert.That(other.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'"));
    }

    [Test]
    public async Task A_request_started_from_a_landing_remembers_it()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/sujets/tresorerie/demande?parcours=relance&origine=iframe", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Paul Durand",
            ["Input.Email"] = "paul.durand@example.fr",
            ["Input.Phone"] = "01 23 45 67 89",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<(string, string)>(
                "select landing_slug, origin_page from solicitations.solicitation where email = 'paul.durand@example.fr'"),
            Is.EqualTo(("relance", "iframe")));
    }

    [Test]
    public async Task How_it_works_shows_this_years_live_figures()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            // This year (Paris): 1,250 requests from 300 companies (SIRETs 0 to 299), 1,000 needs (the requests of the lowest
            // SIRETs, 0 to 239 at least), those of SIRETs 0 to 99 taken in charge: 100 companies helped; 12 advisors who
            // answered; and last year's 99 requests, which do not count.
            await connection.ExecuteAsync("""
                create temporary table year_start as select date_trunc('year', now() at time zone 'Europe/Paris') at time zone 'Europe/Paris' as at;
                insert into stats.request_fact (solicitation_id, received_at, siret, subject_slug)
                select gen_random_uuid(), (select at from year_start) + interval '1 hour', lpad((i % 300)::text, 14, '0'), 'autre-demande'
                from generate_series(1, 1250) i;
                insert into stats.request_fact (solicitation_id, received_at, siret, subject_slug)
                select gen_random_uuid(), (select at from year_start) - interval '1 hour', '73282932000074', 'autre-demande'
                from generate_series(1, 99);
                insert into stats.need_fact (need_id, solicitation_id, routed_at)
                select gen_random_uuid(), solicitation_id, received_at + interval '1 hour'
                from stats.request_fact where received_at >= (select at from year_start) order by siret limit 1000;
                insert into stats.need_progress (need_id, first_taken_in_charge_at)
                select need_id, routed_at + interval '1 day' from stats.need_fact n
                where exists (select 1 from stats.request_fact r where r.solicitation_id = n.solicitation_id and r.siret::bigint < 100);
                insert into stats.match_status_change
                    (event_id, match_id, need_id, solicitation_id, expert_id, from_status, to_status, need_status, occurred_at)
                select gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
                       ('00000000-0000-0000-0000-' || lpad((i % 12)::text, 12, '0'))::uuid, 'quo', 'taking_care', 'taking_care',
                       (select at from year_start) + interval '2 hours'
                from generate_series(1, 30) i;
                """);
        }

        var page = await PdEApplication.ParseAsync(await App.CreateBrowserLikeClient().GetAsync("/comment-ca-marche"));

        string Figure(string id) => page.QuerySelector(id)!.TextContent.Replace('\u202f', ' ').Replace('\u00a0', ' ');
        Assert.That((Figure("#demandes-annee"), Figure("#besoins-annee"), Figure("#entreprises-accompagnees"), Figure("#conseillers-actifs")),
            Is.EqualTo(("1 250", "1 000", "100", "12")));
    }
}
