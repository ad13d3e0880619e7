using Dapper;
using Npgsql;
using PdE.Benchmarks.Seeding;
using static PdE.Benchmarks.InboxLatency;

namespace PdE.Benchmarks;

/// <summary>
/// The statistics pages through HTTP at volume (issue 14, item 5): the requests of <see cref="SeededSite"/> (1,000,000 by
/// default) with Stats rebuilt from them, the real site on Kestrel; p50/p95/p99 of the public page unfiltered and with each
/// filter, « Comment ça marche », and the team's page (as the generated admin), beside a static file from the same Kestrel
/// and pgbench's <c>select 1</c> on the same server.
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- stats-latency [requests] [rounds]`
/// </summary>
internal static class StatsLatency
{
    private const double TargetP95Ms = 100;

    public static async Task MeasureAsync(int requests = 1_000_000, int rounds = 30)
    {
        await using var seeded = await SeededSite.StartAsync(requests);
        using var client = await seeded.Site.SignedInClientAsync(seeded.Volume.AdminEmail, seeded.Volume.AdminPassword);
        var cases = await CasesAsync(seeded.ConnectionString);
        var selectOne = await PgbenchSelectOneAsync(seeded.ConnectionString);
        await MeasureCasesAsync(client, cases, rounds, selectOne, TargetP95Ms);
    }

    private static async Task<List<Case>> CasesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var (subject, theme) = await connection.QuerySingleAsync<(string, string)>("""
            select s.slug, t.slug from directory.subject s join directory.theme t on t.id = s.theme_id
            where s.slug = (select subject_slug from stats.need_fact group by subject_slug order by count(*) desc limit 1)
            """);
        var institution = await connection.ExecuteScalarAsync<string>("""
            select i.slug from directory.institution i
            where i.id = (select institution_id from stats.need_institution group by institution_id order by count(*) desc limit 1)
            """);
        var sixMonthsAgo = DateTime.UtcNow.AddMonths(-6).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        return
        [
            new("static: /lib/dsfr/favicon/favicon.svg", "/lib/dsfr/favicon/favicon.svg", Page: false),
            new("/stats", "/stats"),
            new("/stats région Île-de-France", "/stats?region=11"),
            new("/stats région Auvergne-Rhône-Alpes (12 départements)", "/stats?region=84"),
            new("/stats département 75", "/stats?departement=75"),
            new($"/stats theme {theme}", $"/stats?theme={theme}"),
            new($"/stats subject {subject}", $"/stats?sujet={subject}"),
            new($"/stats institution {institution}", $"/stats?institution={institution}"),
            new($"/stats institution {institution} + région 84", $"/stats?institution={institution}&region=84"),
            new($"/stats institution {institution} + theme", $"/stats?institution={institution}&theme={theme}"),
            new("/stats last six months", $"/stats?du={sixMonthsAgo}"),
            new("/stats région + theme + six months", $"/stats?region=11&theme={theme}&du={sixMonthsAgo}"),
            new("/comment-ca-marche", "/comment-ca-marche"),
            new("team, last six months", "/conseiller/statistiques/equipe"),
            new($"team, institution {institution}", $"/conseiller/statistiques/equipe?institution={institution}"),
            new("team, since 2000", "/conseiller/statistiques/equipe?du=2000-01"),
            new("team, région 84 since 2000", "/conseiller/statistiques/equipe?region=84&du=2000-01"),
            new($"team, theme {theme} since 2000", $"/conseiller/statistiques/equipe?theme={theme}&du=2000-01"),
            new($"team, région 84 + theme since 2000", $"/conseiller/statistiques/equipe?region=84&theme={theme}&du=2000-01"),
            new($"team, institution {institution} + région 84 since 2000", $"/conseiller/statistiques/equipe?institution={institution}&region=84&du=2000-01"),
        ];
    }
}
