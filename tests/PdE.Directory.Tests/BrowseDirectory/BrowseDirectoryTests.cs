using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Annuaire.ListInstitutions;
using PdE.Directory.Features.Annuaire.ShowAntenne;
using PdE.Directory.Features.Annuaire.ShowInstitution;

namespace PdE.Directory.Tests.BrowseDirectory;

/// <summary>The admin directory pages' queries, on the demo directory (real communes).</summary>
public sealed class BrowseDirectoryTests
{
    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Lists_institutions_by_name_with_their_counts()
    {
        var page = await SendAsync(new ListInstitutionsQuery(null, 1));

        Assert.That(page.Total, Is.EqualTo(DemoCatalogue.Institutions.Length));
        Assert.That(page.Rows.Select(r => r.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), true)), "French order: É sorts with E");
        var cma = page.Rows.Single(r => r.Slug == "cma");
        Assert.That((cma.Antennes, cma.Experts, cma.Subjects), Is.EqualTo((2, 2, 5)));
    }

    [TestCase("metiers", "cma")]
    [TestCase("MÉTIERS", "cma")]
    [TestCase("bpi", "bpifrance")]
    public async Task Finds_an_institution_whatever_the_accents_and_case(string search, string slug)
    {
        var page = await SendAsync(new ListInstitutionsQuery(search, 1));

        Assert.That(page.Rows.Select(r => r.Slug), Is.EqualTo(new[] { slug }));
    }

    [Test]
    public async Task Pages_through_institutions_25_at_a_time()
    {
        await using (var connection = new Npgsql.NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                insert into directory.institution (id, slug, name)
                select gen_random_uuid(), 'zz-' || n, 'Zz institution ' || lpad(n::text, 2, '0') from generate_series(1, 30) n
                """);
        }

        var second = await SendAsync(new ListInstitutionsQuery(null, 2));

        Assert.That(second.Total, Is.EqualTo(DemoCatalogue.Institutions.Length + 30));
        Assert.That(second.PageCount, Is.EqualTo(2));
        Assert.That(second.Rows, Has.Count.EqualTo(second.Total - 25));
        Assert.That(second.Rows[^1].Name, Is.EqualTo("Zz institution 30"));
    }

    [Test]
    public async Task Shows_an_institution_with_its_antennes_national_first_and_its_subjects()
    {
        var cci = await SendAsync(new ShowInstitutionQuery("cci"));

        Assert.That(cci, Is.Not.Null);
        Assert.That(cci!.Antennes.Select(a => (a.Name, a.TerritorialLevel)), Is.EqualTo(new[]
        {
            ("CCI Paris Île-de-France", "regional"),
            ("CCI Lyon Métropole Saint-Étienne Roanne", "local"),
        }));
        Assert.That(cci.Antennes[0].Communes, Is.GreaterThan(100), "Paris and the petite couronne, arrondissements included");
        Assert.That(cci.Subjects.Single(s => s.Subject == "Vendre à l’international").Experts, Is.EqualTo(2));
        Assert.That(await SendAsync(new ShowInstitutionQuery("inconnue")), Is.Null);
    }

    [Test]
    public async Task Shows_an_antenne_with_its_coverage_by_departement_and_its_experts()
    {
        var antenne = await SendAsync(new ShowAntenneQuery(DirectoryDemoSeeder.IdOf("antenne", "bpifrance-lyon"), null, 1));

        Assert.That(antenne, Is.Not.Null);
        Assert.That(antenne!.Coverage.Select(d => d.Code), Is.EqualTo(new[] { "01", "38", "42", "69" }));
        Assert.That(antenne.Coverage.All(d => d.Covered == d.Communes && d.Communes > 0), Is.True, "whole départements");
        Assert.That(antenne.Experts.Select(e => (e.FullName, e.Subjects)), Is.EqualTo(new[] { ("Antoine Girard", "Financer un projet ou un investissement") }));
    }

    [Test]
    public async Task Searches_the_experts_of_an_antenne_by_name_or_email()
    {
        var id = DirectoryDemoSeeder.IdOf("antenne", "cci-paris-idf");

        var byName = await SendAsync(new ShowAntenneQuery(id, "nguyen", 1));
        var byEmail = await SendAsync(new ShowAntenneQuery(id, "camille.martin@", 1));

        Assert.That(byName!.Experts.Select(e => e.FullName), Is.EqualTo(new[] { "Thomas Nguyen" }));
        Assert.That(byEmail!.Experts.Select(e => e.FullName), Is.EqualTo(new[] { "Camille Martin" }));
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
