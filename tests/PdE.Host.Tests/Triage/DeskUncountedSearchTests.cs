using AngleSharp.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Triage;

/// <summary>Issue 16: a search finding more requests than the desk counts lists them page after page, with no count in the tabs.</summary>
public sealed class DeskUncountedSearchTests : SiteTests
{
    // Two requests stand for the 1,000 of a real desk.
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Triage:SearchCountCap"] = "2" };

    [Test]
    public async Task A_search_past_the_cap_says_it_is_not_counted_and_a_narrower_one_is_counted()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            foreach (var (email, description) in new[]
                     {
                         ("a@export.fr", "Exporter des fromages vers l’Italie"),
                         ("b@export.fr", "Exporter du vin en Belgique"),
                         ("c@export.fr", "Exporter des meubles au Québec"),
                     })
            {
                await connection.ExecuteAsync("""
                    insert into solicitations.solicitation
                        (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name)
                    values (@Id, 'Jeanne Martin', @Email, '0612345678', '73282932000074', 'financer-projet', @Description, 'received',
                            clock_timestamp(), '75111', 'FROMAGERIE MARTIN')
                    """, new { Id = Guid.CreateVersion7(), Email = email, Description = description });
            }
        }

        var admin = await App.SignedInClientAsync();
        var broad = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?q=exporter"));
        var narrow = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?q=exporter+belgique"));

        Assert.That(broad.QuerySelector("[role=status]")?.TextContent,
            Does.Contain("Plus de 2 demandes contiennent ces mots : elles ne sont pas comptées"));
        Assert.That(broad.QuerySelectorAll(".triage-count"), Is.Empty, "no count in the tabs");
        Assert.That(broad.QuerySelectorAll("form#grille input[name=SolicitationIds]").Length, Is.EqualTo(3), "every card still listed");
        Assert.That(narrow.QuerySelector("h2")?.TextContent, Is.EqualTo("Reçues : 1 demande"));
        Assert.That(narrow.QuerySelectorAll(".triage-count").Select(c => c.TextContent), Is.EqualTo(new[] { "1", "0", "0", "0" }));
    }
}
