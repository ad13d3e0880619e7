using System.Net;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Triage;

/// <summary>Issue 16: a desk view that runs past its bound is stopped, and the team is asked in French to narrow it (never a 500).</summary>
public sealed class DeskTooBroadTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Triage:ViewTimeout"] = "00:00:01" };

    [Test]
    public async Task A_view_past_its_bound_asks_to_narrow_the_search_and_the_next_one_works()
    {
        var admin = await App.SignedInClientAsync();
        await using (var blocker = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var holding = await blocker.BeginTransactionAsync();
            // The desk's queries wait on this lock: longer than the bound.
            await blocker.ExecuteAsync("lock table solicitations.solicitation in access exclusive mode", transaction: holding);

            using var stopped = await admin.GetAsync("/conseiller/sollicitations?signal=doublon");
            var page = await stopped.Content.ReadAsStringAsync();

            Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page, Does.Contain("Cette recherche porte sur trop de demandes pour s’afficher à temps"));
            Assert.That(page, Does.Contain("Précisez-la : choisissez un sujet, une région ou une période"));
            await holding.RollbackAsync();
        }

        var next = await admin.GetStringAsync("/conseiller/sollicitations?signal=doublon");
        Assert.That(next, Does.Not.Contain("trop de demandes"));
        Assert.That(next, Does.Contain("Aucune demande."));
    }
}
