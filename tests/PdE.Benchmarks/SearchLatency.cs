using System.Globalization;
using Dapper;
using Npgsql;
using PdE.Benchmarks.Seeding;
using static PdE.Benchmarks.InboxLatency;

namespace PdE.Benchmarks;

/// <summary>
/// The agents' search box (/conseiller/recherche, issue 15 item 6) through HTTP at volume: the requests of <see cref="SeededSite"/>
/// (1,000,000 by default), as the generated admin (requests, every need, companies, advisers, antennes) and as each heavy
/// expert (10,000 and 200,000 matches: their needs and companies), beside a static file from the same Kestrel and pgbench's
/// <c>select 1</c> on the same server. Search terms are taken from the data: a recent company, a SIRET, a SIREN typed with
/// spaces, an unaccented word, two words, a word in tens of thousands of needs, an adviser's name.
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- search-latency [requests] [rounds]`
/// </summary>
internal static class SearchLatency
{
    private const double TargetP95Ms = 100;
    private const string Search = "/conseiller/recherche?q=";

    public static async Task MeasureAsync(int requests = 1_000_000, int rounds = 30)
    {
        await using var seeded = await SeededSite.StartAsync(requests);
        var selectOne = await PgbenchSelectOneAsync(seeded.ConnectionString);
        await using var connection = new NpgsqlConnection(seeded.ConnectionString);

        Console.WriteLine($"As the team ({seeded.Volume.AdminEmail}):");
        using (var admin = await seeded.Site.SignedInClientAsync(seeded.Volume.AdminEmail, seeded.Volume.AdminPassword))
        {
            var recent = await connection.QuerySingleAsync<(string Company, string Siret)>("""
                select company_name, siret from solicitations.solicitation
                where status <> 'draft' and company_name is not null and siret is not null order by submitted_at desc limit 1 offset 100
                """);
            var adviser = await connection.ExecuteScalarAsync<string>("select full_name from directory.expert where deleted_at is null order by id limit 1 offset 500");
            await MeasureCasesAsync(admin, [.. Static, .. Common(recent.Company, recent.Siret), new($"adviser « {adviser} »", Search + Q(adviser!)),
                new("antennes « cci »", Search + "cci")], rounds, selectOne, TargetP95Ms);
        }

        foreach (var heavy in seeded.Heavy)
        {
            var own = await connection.QuerySingleAsync<(string Company, string Siret)>("""
                select n.company_name, n.siret from matching.match m join matching.need n on n.id = m.need_id
                where m.expert_id = @ExpertId and m.sent_at is not null and n.company_name is not null
                order by m.sent_at desc limit 1 offset 50
                """, new { heavy.ExpertId });
            Console.WriteLine();
            Console.WriteLine($"As {heavy.FullName} <{heavy.Email}>:");
            using var client = await seeded.Site.SignedInClientAsync(heavy.Email, heavy.Password);
            await MeasureCasesAsync(client, [.. Static, .. Common(own.Company, own.Siret)], rounds, selectOne, TargetP95Ms);
        }
    }

    private static readonly Case[] Static =
    [
        new("static: /lib/dsfr/favicon/favicon.svg", "/lib/dsfr/favicon/favicon.svg", Page: false),
        new("static: /lib/dsfr/dsfr.min.css", "/lib/dsfr/dsfr.min.css", Page: false),
    ];

    private static Case[] Common(string company, string siret) =>
    [
        new($"company « {company.ToLower(CultureInfo.InvariantCulture)} »", Search + Q(company.ToLower(CultureInfo.InvariantCulture))),
        new($"SIRET {siret.Trim()}", Search + siret.Trim()),
        new($"SIREN with spaces « {siret[..3]} {siret[3..6]} {siret[6..9]} »", Search + Q($"{siret[..3]} {siret[3..6]} {siret[6..9]}")),
        new("unaccented « cremerie »", Search + "cremerie"),
        new("2 words « developper export »", Search + Q("developper export")),
        new("common word « export »", Search + "export"),
    ];

    private static string Q(string text) => Uri.EscapeDataString(text);
}
