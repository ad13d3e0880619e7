using System.Net;
using Dapper;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Admin;

/// <summary>
/// « Anomalies de couverture » (issue 15, item 3): subjects with no expert in a département, experts without an account
/// who receive needs, antennes without communes; reached from the directory, like the match filters from institutions
/// and antennes.
/// </summary>
public sealed class CoverageAnomaliesTests : SiteTests
{
    [Test]
    public async Task The_page_lists_what_the_directory_leaves_uncovered()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into directory.subject (id, theme_id, slug, label, position)
                select gen_random_uuid(), id, 'sujet-orphelin', 'Sujet sans conseiller', 99 from directory.theme order by position limit 1;

                insert into directory.institution (id, slug, name) values ('0194d6b4-0000-7000-8000-000000000001', 'institution-vide', 'Institution sans territoire');
                insert into directory.antenne (id, institution_id, name) values ('0194d6b4-0000-7000-8000-000000000002', '0194d6b4-0000-7000-8000-000000000001', 'Antenne sans communes');
                insert into directory.expert (id, antenne_id, full_name, email) values
                    ('0194d6b4-0000-7000-8000-000000000003', '0194d6b4-0000-7000-8000-000000000002', 'Hugo Sanscompte', 'hugo.sanscompte@example.fr'),
                    ('0194d6b4-0000-7000-8000-000000000004', '0194d6b4-0000-7000-8000-000000000002', 'Inès Locale', 'ines.locale@example.fr');
                insert into directory.expert_commune (expert_id, commune_code) values ('0194d6b4-0000-7000-8000-000000000004', '35238');
                insert into directory.institution_subject (id, institution_id, subject_id)
                select '0194d6b4-0000-7000-8000-000000000005', '0194d6b4-0000-7000-8000-000000000001', id from directory.subject where slug = 'export';
                insert into directory.expert_subject (expert_id, institution_subject_id) values
                    ('0194d6b4-0000-7000-8000-000000000003', '0194d6b4-0000-7000-8000-000000000005');
                """);
        }

        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Hugo Sanscompte", "BOULANGERIE RÉCENTE", TimeSpan.FromDays(10));
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Hugo Sanscompte", "BOULANGERIE DU PRINTEMPS", TimeSpan.FromDays(200));
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Hugo Sanscompte", "BOULANGERIE ANCIENNE", TimeSpan.FromDays(400));

        var client = await App.SignedInClientAsync();
        var directory = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire"));
        Assert.That(directory.QuerySelector("a[href='/admin/annuaire/anomalies']"), Is.Not.Null, "reached from the directory");
        var response = await client.GetAsync("/admin/annuaire/anomalies");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);

        int departements;
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            departements = await connection.ExecuteScalarAsync<int>("select count(*) from directory.departement where zone <> 'com'");
        }

        var orphan = Rows(page, "Sujets sans conseiller dans un département").Single(r => r[0] == "Sujet sans conseiller");
        Assert.That(orphan[2], Does.StartWith($"{departements} :").And.Contain("Ille-et-Vilaine (35)").And.Contain("La Réunion (974)"));

        var hugo = Rows(page, "Conseillers sans compte").Single(r => r[0].StartsWith("Hugo Sanscompte", StringComparison.Ordinal));
        Assert.That(hugo[1..], Is.EqualTo(new[] { "Antenne sans communes (Institution sans territoire)", "1", "2" }), "two needs in twelve months, not the older one");
        Assert.That(Rows(page, "Conseillers sans compte").Any(r => r[0].StartsWith("Inès Locale", StringComparison.Ordinal)), Is.False, "no subject: routing never picks her");

        var antenne = Rows(page, "Antennes sans communes").Single(r => r[0] == "Antenne sans communes");
        Assert.That(antenne[1..], Is.EqualTo(new[] { "Institution sans territoire", "2", "1" }));

        // The institution's and the antenne's pages lead to their match filters.
        var institution = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/institution-vide"));
        Assert.That(institution.QuerySelector("a[href='/admin/annuaire/institutions/institution-vide/filtres']"), Is.Not.Null);
        var antennePage = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/antennes/0194d6b4-0000-7000-8000-000000000002"));
        Assert.That(antennePage.QuerySelector("a[href='/admin/annuaire/antennes/0194d6b4-0000-7000-8000-000000000002/filtres']"), Is.Not.Null);
    }

    private static List<string[]> Rows(AngleSharp.Html.Dom.IHtmlDocument page, string caption) =>
        [.. page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent == caption)
            .QuerySelectorAll("tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())];
}
