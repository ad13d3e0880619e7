using System.Globalization;
using Dapper;
using Npgsql;
using PdE.Benchmarks.Seeding;
using static PdE.Benchmarks.InboxLatency;

namespace PdE.Benchmarks;

/// <summary>
/// The team's triage desk through HTTP at volume: the requests of <see cref="MillionRequests"/> (1,000,000 by default), the
/// real site on Kestrel, signed in as the generated admin through /connexion; p50/p95/p99 of each tab's first page, a deep
/// page, searches and filters, beside a static file from the same Kestrel and pgbench's <c>select 1</c> on the same server.
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- desk-latency [requests] [rounds]`
/// </summary>
internal static class DeskLatency
{
    private const double TargetP95Ms = 100;

    public static async Task MeasureAsync(int requests = 1_000_000, int rounds = 200)
    {
        await using var seeded = await SeededSite.StartAsync(requests);
        using var client = await seeded.Site.SignedInClientAsync(seeded.Volume.AdminEmail, seeded.Volume.AdminPassword);
        var cases = await CasesAsync(seeded.ConnectionString);
        var selectOne = await PgbenchSelectOneAsync(seeded.ConnectionString);
        await MeasureCasesAsync(client, cases, rounds, selectOne, TargetP95Ms);
    }

    /// <summary>The views measured; search terms are taken from a request of about a year ago.</summary>
    internal static async Task<List<Case>> CasesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var sample = await connection.QuerySingleAsync<(string Company, string Siret, string Email, string Name)>("""
            select company_name, siret, email, full_name from solicitations.solicitation
            where status = 'validated' and submitted_at < now() - interval '1 year' order by submitted_at desc limit 1
            """);
        var subject = await connection.ExecuteScalarAsync<string>("""
            select subject_slug from solicitations.solicitation where status = 'validated' group by subject_slug order by count(*) desc limit 1
            """);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Q(string text) => Uri.EscapeDataString(text);
        const string Desk = "/conseiller/sollicitations";
        const string Sent = $"{Desk}?onglet=mises-en-relation";
        return
        [
            new("static: /lib/dsfr/favicon/favicon.svg", "/lib/dsfr/favicon/favicon.svg", Page: false),
            new("static: /lib/dsfr/dsfr.min.css", "/lib/dsfr/dsfr.min.css", Page: false),
            new("Reçues, page 1", Desk),
            new("Mises en relation, page 1", Sent),
            new("Abandonnées, page 1", $"{Desk}?onglet=abandonnees"),
            new("Mises de côté, page 1", $"{Desk}?onglet=mises-de-cote"),
            new("Mises en relation, page 250", $"{Sent}&page=250"),
            new($"search company « {sample.Company.ToLowerInvariant()} »", $"{Sent}&q={Q(sample.Company.ToLowerInvariant())}"),
            new($"search SIRET {sample.Siret}", $"{Sent}&q={sample.Siret}"),
            new($"search e-mail {sample.Email}", $"{Sent}&q={Q(sample.Email)}"),
            new($"search name « {sample.Name} »", $"{Sent}&q={Q(sample.Name)}"),
            new("search unaccented « cremerie »", $"{Sent}&q=cremerie"),
            new("search 2 words « developper export »", $"{Sent}&q={Q("developper export")}"),
            new("search « cremerie », page 20", $"{Sent}&q=cremerie&page=20"),
            new($"subject filter {subject}", $"{Sent}&sujet={subject}"),
            new("région Île-de-France", $"{Sent}&region=11"),
            new("period (3 months)", $"{Sent}&du={Day(today.AddMonths(-6))}&au={Day(today.AddMonths(-3))}"),
            new("flag « doublon » on Reçues", $"{Desk}?signal=doublon"),
            new("search + subject + period", $"{Sent}&q=boulangerie&sujet={subject}&du={Day(today.AddYears(-2))}&au={Day(today)}"),
        ];
    }
}
