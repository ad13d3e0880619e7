using System.Net;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Host.Tests.Matching;
using PdE.Stats.Contracts;

using static PdE.Host.Tests.Stats.StatsPages;

namespace PdE.Host.Tests.Stats;

/// <summary>
/// The team's statistics (admins) and a manager's (their antennes only), over HTTP: the figures of the matches they may
/// see, counted by hand, their CSV, and who may open which page.
/// </summary>
public sealed class AgentStatsTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    [Test]
    public async Task A_manager_reads_the_answers_of_her_antennes_experts_and_the_team_reads_everyones()
    {
        var connectionString = App.Database.ConnectionString;
        // Bpifrance Paris (Julie Moreau): two needs this month, one taken in charge; Thomas Nguyen's (another antenne) declined.
        var taken = await InboxNeeds.SendAsync(connectionString, "Julie Moreau", "FONDERIE DU MARAIS", TimeSpan.FromHours(2), subject: "financer-projet");
        await InboxNeeds.SendAsync(connectionString, "Julie Moreau", "ATELIER DU MARAIS", TimeSpan.FromHours(3), subject: "financer-projet");
        var declined = await InboxNeeds.SendAsync(connectionString, "Thomas Nguyen", "SCIERIE DE THOMAS", TimeSpan.FromHours(4));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            update matching.match set status = 'taking_care', taken_care_of_at = now(), status_changed_at = now() where id = @Taken;
            update matching.need set status = 'taking_care' where id = @TakenNeed;
            update matching.match set status = 'not_for_me', closed_at = now(), status_changed_at = now() where id = @Declined;
            update matching.need set status = 'not_for_me' where id = @DeclinedNeed;
            insert into directory.user_role (user_id, role, antenne_id)
            select u.id, 'antenne_manager', a.id from directory.user_account u, directory.antenne a
            where u.email = @AdvisorEmail and a.name = 'Bpifrance Paris';
            """, new { Taken = taken.MatchId, TakenNeed = taken.NeedId, Declined = declined.MatchId, DeclinedNeed = declined.NeedId, AdvisorEmail });
        // The rows above were written without events: Stats counts them from the modules' history.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections());
        }

        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        var mine = await GetAsync(camille, "/conseiller/statistiques");
        Assert.That(mine.QuerySelector("#navigation-agent [aria-current=page]")!.TextContent, Is.EqualTo("Statistiques"));
        Assert.That(Tiles(mine), Is.EqualTo(new[] { "2", "50 %", "50 %", "0 %", "0 %", "1" }), "2 sent, 1 answered and taken, none declined, 1 waiting");
        Assert.That(Rows(mine, "mises-en-relation").Single().Skip(1), Is.EqualTo(new[] { "2", "1", "1", "0", "0", "0", "0" }));
        Assert.That(Rows(mine, "par-antenne"), Is.EqualTo(new[] { new[] { "Bpifrance Paris", "2", "1", "1", "0", "0", "0", "0" } }));
        var csv = await camille.GetStringAsync("/conseiller/statistiques?handler=Csv&tableau=mises-en-relation");
        Assert.That(csv.Split("\r\n")[1], Does.EndWith(";2;1;1;0;0;0;0"), "the CSV holds what the page shows");

        var admin = await App.SignedInClientAsync();
        var team = await GetAsync(admin, "/conseiller/statistiques/equipe");
        Assert.That(Tiles(team), Is.EqualTo(new[] { "3", "67 %", "33 %", "0 %", "33 %", "1" }), "every institution's: Thomas's refusal too");
        Assert.That(Rows(team, "besoins").Single().Skip(1), Is.EqualTo(new[] { "3", "2", "1", "0", "0", "0", "1" }));
        Assert.That(Rows(team, "par-institution").Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(3));
        Assert.That(Rows(team, "par-institution").Select(r => r[0]), Does.Not.Contain("Institution inconnue (mises en relation anciennes)"));
        var paris = await GetAsync(admin, "/conseiller/statistiques/equipe?sujet=financer-projet");
        Assert.That(Tiles(paris)[0], Is.EqualTo("2"), "the subject filter keeps the two Paris needs");

        Assert.That((await admin.GetAsync("/conseiller/statistiques")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no perimeter, no page");
        Assert.That((await camille.GetAsync("/conseiller/statistiques/equipe")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var lastYear = await GetAsync(camille, "/conseiller/statistiques?du=2020-01&au=2020-12");
        Assert.That(Tiles(lastYear)[0], Is.EqualTo("0"));
        var bad = await GetAsync(camille, "/conseiller/statistiques?du=janvier");
        Assert.That(bad.QuerySelector("#du-error")!.TextContent, Is.EqualTo("Indiquez un mois sous la forme année-mois, par exemple 2026-03."));
    }
}
