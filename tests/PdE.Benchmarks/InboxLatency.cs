using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using PdE.Benchmarks.Seeding;
using PdE.Shared.Hosting;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// The expert inbox through HTTP at volume: the generated directory (10,000 experts), <see cref="MillionRequests"/> (1,000,000 requests,
/// ~1,000,000 needs, ~3,000,000 matches, one expert holding 10,000 of them), the real site on Kestrel, signed in as that expert through /connexion;
/// p50/p95/p99 of each tab's first page, a deep page, searches and filters, beside what any answer costs on the same machine in
/// the same run: a static file from the same Kestrel and pgbench's <c>select 1</c> on the same PostgreSQL.
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- inbox-latency [requests] [rounds] [expert]`
/// </summary>
internal static partial class InboxLatency
{
    private const double TargetP95Ms = 50;

    internal sealed record Case(string Name, string Path, bool Page = true);

    internal sealed record Timings(double P50, double P95, double P99, double Max)
    {
        public static Timings Of(List<double> samples)
        {
            var sorted = samples.Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new Timings(At(0.50), At(0.95), At(0.99), sorted[^1]);
        }
    }

    /// <param name="requests">Requests to generate into a fresh database; ignored when PDE_BENCH_DATABASE names a database already seeded.</param>
    /// <param name="shell">Keep the seeded database and the site up (Enter stops) instead of measuring.</param>
    /// <param name="expert">Which heavy expert's inbox (<see cref="RequestsVolume.HeavyExperts"/>): 1 (10,000 matches) or 2 (a fifth of all).</param>
    public static async Task MeasureAsync(int requests = 1_000_000, int rounds = 300, bool shell = false, int expert = 1)
    {
        await using var seeded = await SeededSite.StartAsync(requests);
        var heavy = seeded.Heavy[expert - 1];
        Console.WriteLine($"Inbox of {heavy.FullName} <{heavy.Email}>");
        if (shell)
        {
            var csb = new NpgsqlConnectionStringBuilder(seeded.ConnectionString);
            Console.WriteLine($"psql \"host={csb.Host} port={csb.Port} user={csb.Username} dbname={csb.Database}\"");
            foreach (var each in seeded.Heavy)
            {
                Console.WriteLine($"{seeded.Site.Address}connexion as {each.Email} / {each.Password} (expert id {each.ExpertId})");
            }

            Console.WriteLine($"{seeded.Site.Address}conseiller/sollicitations as {seeded.Volume.AdminEmail} / {seeded.Volume.AdminPassword}; Enter stops");
            Console.ReadLine();
            return;
        }

        using var client = await seeded.Site.SignedInClientAsync(heavy.Email, heavy.Password);
        var cases = await CasesAsync(seeded.ConnectionString, heavy);
        var selectOne = await PgbenchSelectOneAsync(seeded.ConnectionString);
        await MeasureCasesAsync(client, cases, rounds, selectOne);
    }

    /// <summary>The pages measured; search terms are taken from the heavy expert's own needs.</summary>
    internal static async Task<List<Case>> CasesAsync(string connectionString, HeavyExpert heavy)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        // A closed need of the heavy expert from about a year ago: its company, SIRET and commune are searched in « Clôturés ».
        var sample = await connection.QuerySingleAsync<(string Company, string Siret, string? Commune)>("""
            select n.company_name, n.siret, c.name
            from matching.match m join matching.need n on n.id = m.need_id left join directory.commune c on c.code = n.commune_code
            where m.expert_id = @ExpertId and m.status = 'done' and n.commune_code is not null
            order by abs(extract(epoch from m.sent_at - (now() - interval '1 year'))) limit 1
            """, new { heavy.ExpertId });
        var subject = await connection.ExecuteScalarAsync<string>("""
            select n.subject_slug from matching.match m join matching.need n on n.id = m.need_id
            where m.expert_id = @ExpertId group by n.subject_slug order by count(*) desc limit 1
            """, new { heavy.ExpertId });
        // « Page suivante » from page 249 of « Clôturés »: the cursor of its last need (the 6,225th, newest answer first), as the
        // page writes it (ShowExpertInbox's InboxCursor: ticks of the sort key, then the need's id).
        var deep = await connection.QuerySingleOrDefaultAsync<(DateTime SortKey, Guid NeedId)?>("""
            select coalesce(m.status_changed_at, m.sent_at), m.need_id from matching.match m
            where m.expert_id = @ExpertId and m.sent_at is not null and m.status in ('done', 'done_no_help', 'done_not_reachable')
            order by coalesce(m.status_changed_at, m.sent_at) desc, m.need_id desc offset 6224 limit 1
            """, new { heavy.ExpertId });
        var deepCursor = deep is { } d ? $"{DateTime.SpecifyKind(d.SortKey, DateTimeKind.Utc).Ticks}.{d.NeedId:N}" : "";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Q(string text) => Uri.EscapeDataString(text);
        const string Inbox = "/conseiller/besoins";
        return
        [
            new("static: /lib/dsfr/favicon/favicon.svg", "/lib/dsfr/favicon/favicon.svg", Page: false),
            new("static: /lib/dsfr/dsfr.min.css", "/lib/dsfr/dsfr.min.css", Page: false),
            new("Boîte de réception, page 1", Inbox),
            new("En cours, page 1", $"{Inbox}?onglet=en-cours"),
            new("Clôturés, page 1", $"{Inbox}?onglet=clotures"),
            new("Refusés, page 1", $"{Inbox}?onglet=refuses"),
            new("Expirés, page 1", $"{Inbox}?onglet=expires"),
            new("Clôturés, page 100", $"{Inbox}?onglet=clotures&page=100"),
            new("Clôturés, page 250 (« Page suivante » from 249)", $"{Inbox}?onglet=clotures&page=250&apres={deepCursor}"),
            new($"search company « {sample.Company.ToLowerInvariant()} »", $"{Inbox}?onglet=clotures&q={Q(sample.Company.ToLowerInvariant())}"),
            new($"search SIRET {sample.Siret}", $"{Inbox}?onglet=clotures&q={sample.Siret}"),
            new($"search commune name « {sample.Commune} »", $"{Inbox}?onglet=clotures&q={Q(sample.Commune!)}"),
            new("search unaccented « cremerie »", $"{Inbox}?onglet=clotures&q=cremerie"),
            new("search 2 words « developper export »", $"{Inbox}?onglet=clotures&q={Q("developper export")}"),
            new($"subject filter {subject}", $"{Inbox}?onglet=clotures&sujet={subject}"),
            new("date filter (3 months)", $"{Inbox}?onglet=clotures&du={Day(today.AddMonths(-6))}&au={Day(today.AddMonths(-3))}"),
            new("search + subject + dates", $"{Inbox}?onglet=clotures&q=boulangerie&sujet={subject}&du={Day(today.AddYears(-2))}&au={Day(today)}"),
        ];
    }

    /// <summary>Every case in turn (round robin, so that all share the same conditions), after a warm-up of 20 rounds.</summary>
    internal static async Task MeasureCasesAsync(HttpClient client, List<Case> cases, int requests, Timings? selectOne, double targetP95Ms = TargetP95Ms)
    {
        var samples = cases.ToDictionary(c => c, _ => new List<double>(requests));
        var shown = new Dictionary<Case, string>();
        var loadBefore = LoadAverage();
        for (var round = -20; round < requests; round++)
        {
            if (round > 0 && round % 50 == 0)
            {
                Console.Error.WriteLine($"  {round} of {requests} rounds, load average {LoadAverage()}");
            }

            foreach (var each in cases)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(each.Path, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{each.Path} answered {(int)response.StatusCode}");
                }

                if (round >= 0)
                {
                    samples[each].Add(elapsed);
                }
                else if (round == -20)
                {
                    shown[each] = each.Page ? Describe(body) : $"{body.Length / 1024.0:N1} KiB";
                }
            }
        }

        var floor = Timings.Of(samples[cases[0]]);
        var css = Timings.Of(samples[cases[1]]);
        Console.WriteLine();
        Console.WriteLine($"Load average of the machine (1, 5, 15 min) before the measures: {loadBefore}, after: {LoadAverage()}");
        Console.WriteLine($"{requests} requests per case, one client, sequential, round robin over the cases after 20 warm-up rounds; " +
                          $"ratios: to the same percentile of GET favicon.svg (×svg) and of GET dsfr.min.css (×css) from the same Kestrel, " +
                          "and p95 to pgbench's select 1 p95 (×sel1)");
        Console.WriteLine($"{"case",-52} {"answer",-34} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}  {"×svg p50/p95/p99",-19} {"×css p50/p95/p99",-19} {"×sel1",7} p95<{targetP95Ms}ms");
        foreach (var each in cases)
        {
            var t = Timings.Of(samples[each]);
            Console.WriteLine($"{Cut(each.Name, 52),-52} {Cut(shown[each], 34),-34} {t.P50,8:N2} {t.P95,8:N2} {t.P99,8:N2} {t.Max,8:N1}  " +
                              $"{$"{t.P50 / floor.P50:N1}/{t.P95 / floor.P95:N1}/{t.P99 / floor.P99:N1}",-19} " +
                              $"{$"{t.P50 / css.P50:N1}/{t.P95 / css.P95:N1}/{t.P99 / css.P99:N1}",-19} {(selectOne is null ? "" : (t.P95 / selectOne.P95).ToString("N0", CultureInfo.InvariantCulture)),7} {(!each.Page ? "" : t.P95 < targetP95Ms ? "yes" : "NO")}");
        }
    }

    /// <summary>
    /// « Clôturés : 5 432 besoins, 25 shown »: the tab's count as the page says it and the cards listed (inbox or desk); for the
    /// search box, what it found (« 1 demande, 3 besoins, 0 conseiller »).
    /// </summary>
    private static string Describe(string page)
    {
        if (SearchSummary().Match(page) is { Success: true } found)
        {
            var summary = WebUtility.HtmlDecode(found.Groups[1].Value);
            return string.Join(' ', summary[(summary.IndexOf(" : ", StringComparison.Ordinal) + 3)..].Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        }

        if (page.Contains("id=\"recherche-vide\"", StringComparison.Ordinal))
        {
            return "nothing found";
        }

        var heading = Heading().Match(page);
        var cards = Card().Count(page);
        return heading.Success ? $"{WebUtility.HtmlDecode(heading.Groups[1].Value).Trim()}, {cards} shown" : $"{cards} shown";
    }

    /// <summary>The machine is shared: the measures say how busy it was.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    [GeneratedRegex("<h2>([^<]*(?:besoins?|demandes?))</h2>")]
    private static partial Regex Heading();

    [GeneratedRegex("class=\"fr-card__title\"")]
    private static partial Regex Card();

    [GeneratedRegex("id=\"recherche-resume\">([^<]*)</p>")]
    private static partial Regex SearchSummary();

    /// <summary>The floor of any query: pgbench, one client, <c>select 1</c> in the extended protocol (as Npgsql sends it), for 10 s.</summary>
    internal static async Task<Timings?> PgbenchSelectOneAsync(string connectionString)
    {
        if (await Pgbench.RunAsync(connectionString, "select 1;\n", clients: 1, threads: 1, seconds: 10) is not { } run)
        {
            return null;
        }

        var t = Timings.Of(run.Latencies);
        Console.WriteLine($"pgbench select 1 (1 client, 10 s, {run.Latencies.Count:N0} transactions): p50 {t.P50:N3} ms, p95 {t.P95:N3} ms, p99 {t.P99:N3} ms");
        return t;
    }
}
