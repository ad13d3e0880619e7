using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// A directory at the target scale, generated in SQL: 35,000 communes, 60 institutions, 1,000 antennes
/// (800 local over ~300 communes, 150 regional over ~3,000, 50 national over all), 10,000 experts
/// (one in five with ~40 own communes, 1 % global zone), 40 subjects in 8 themes of 5 (the demo catalogue's themes hold 2 or
/// 3), 3 subjects per expert;
/// match filters on one institution in ten and one antenne in twenty (half of those on one subject only).
/// </summary>
internal static class GeneratedDirectory
{
    public const int Communes = 35_000;
    public const int Subjects = 40;

    private const string Generate = """
        insert into directory.theme (id, slug, label, position)
        select ('00000000-0000-0000-0000-00000000000' || t)::uuid, 'theme-' || t, 'Thème ' || t, t from generate_series(1, 8) t;
        insert into directory.subject (id, theme_id, slug, label)
        select gen_random_uuid(), ('00000000-0000-0000-0000-00000000000' || (1 + (s - 1) % 8))::uuid, 'sujet-' || s, 'Sujet ' || s
        from generate_series(1, 40) s;
        insert into directory.institution (id, slug, name)
        select gen_random_uuid(), 'institution-' || i, 'Institution ' || i from generate_series(1, 60) i;

        create temp table bench_antenne as
        select gen_random_uuid() as id, a as n,
               (select id from directory.institution order by slug offset (a % 60) limit 1) as institution_id,
               case when a <= 800 then 'local' when a <= 950 then 'regional' else 'national' end as level
        from generate_series(1, 1000) a;
        insert into directory.antenne (id, institution_id, name, territorial_level)
        select id, institution_id, 'Antenne ' || n, level from bench_antenne;

        -- Communes are 'C' || number; antennes cover contiguous ranges of them.
        insert into directory.antenne_commune (antenne_id, commune_code)
        select a.id, 'C' || lpad(((a.n * 43 + c) % 35000)::text, 5, '0')
        from bench_antenne a
        cross join lateral generate_series(0, case a.level when 'local' then 300 when 'regional' then 3000 else 34999 end) c
        on conflict do nothing;

        create temp table bench_expert as
        select gen_random_uuid() as id, e as n, (select id from bench_antenne where n = 1 + (e % 1000)) as antenne_id
        from generate_series(1, 10000) e;
        insert into directory.expert (id, antenne_id, full_name, email, is_global_zone)
        select id, antenne_id, 'Expert ' || n, 'expert' || n || '@example.fr', n % 100 = 0 from bench_expert;

        insert into directory.expert_commune (expert_id, commune_code)
        select e.id, 'C' || lpad(((e.n * 97 + c) % 35000)::text, 5, '0')
        from bench_expert e cross join generate_series(0, 39) c
        where e.n % 5 = 0
        on conflict do nothing;

        insert into directory.institution_subject (id, institution_id, subject_id)
        select gen_random_uuid(), i.id, s.id from directory.institution i cross join directory.subject s where s.slug like 'sujet-%';

        insert into directory.expert_subject (expert_id, institution_subject_id)
        select e.id, isub.id
        from bench_expert e
        join directory.antenne a on a.id = e.antenne_id
        cross join generate_series(0, 2) k
        join directory.subject s on s.slug = 'sujet-' || (1 + (e.n * 7 + k * 13) % 40)
        join directory.institution_subject isub on isub.institution_id = a.institution_id and isub.subject_id = s.id
        on conflict do nothing;

        insert into directory.match_filter (id, institution_id, effectif_min)
        select gen_random_uuid(), id, 10 from directory.institution where slug ~ '^institution-\d*0$';
        insert into directory.match_filter (id, antenne_id, min_years_of_existence, excluded_naf_codes)
        select gen_random_uuid(), id, 2, '{6202A,4711D}' from bench_antenne where n % 20 = 0;
        insert into directory.match_filter_subject (match_filter_id, subject_id)
        select f.id, (select id from directory.subject where slug = 'sujet-1')
        from directory.match_filter f join bench_antenne a on a.id = f.antenne_id where a.n % 40 = 0;
        """;

    public static async Task<ModuleTestHost> StartAsync()
    {
        var host = await BenchmarkHost.StartAsync();
        await GenerateAsync(host.Database.ConnectionString);
        return host;
    }

    /// <summary>Generates the directory into a migrated database whose directory is empty (reference data loaded or not).</summary>
    public static async Task GenerateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(Generate, commandTimeout: 600);
        await Seeding.Vacuum.UntilAllVisibleAsync(connection, "directory");
    }

    public static string RandomCommune(Random random) => "C" + random.Next(Communes).ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string[] Brackets = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"];
    private static readonly string[] NafCodes = ["62.02A", "47.11D", "56.10A", "43.21A", "70.22Z"];
    private static readonly string[] LegalForms = ["5710", "5499", "1000", "5720"];

    public static CompanyFacts RandomCompany(Random random) => new(
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-random.Next(30 * 365)),
        Brackets[random.Next(Brackets.Length)], NafCodes[random.Next(NafCodes.Length)], LegalForms[random.Next(LegalForms.Length)]);

    public static string RandomSubject(Random random) => "sujet-" + (1 + random.Next(Subjects));
}
