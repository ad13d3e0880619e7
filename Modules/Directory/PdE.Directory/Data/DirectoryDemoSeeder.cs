using Dapper;
using Npgsql;
using PdE.Shared.Migrations;

namespace PdE.Directory.Data;

/// <summary>
/// A first, small directory so the embedded default routes a request somewhere sensible.
/// The full French catalogue and demo directory replace it with the reference-data work.
/// </summary>
internal sealed class DirectoryDemoSeeder(NpgsqlDataSource dataSource) : IDemoDataSeeder
{
    public static readonly Guid OtherRequestSubjectId = Guid.Parse("0195a000-0000-7000-8000-000000000001");
    public static readonly Guid CciInstitutionId = Guid.Parse("0195a000-0000-7000-8000-000000000101");
    public static readonly Guid CciParisAntenneId = Guid.Parse("0195a000-0000-7000-8000-000000000201");
    public static readonly Guid CamilleMartinExpertId = Guid.Parse("0195a000-0000-7000-8000-000000000301");

    private const string Seed = """
        insert into directory.subject (id, slug, label, is_other_request)
        values (@OtherRequestSubjectId, 'autre-demande', 'Autre demande', true)
        on conflict (id) do nothing;

        insert into directory.institution (id, slug, name)
        values (@CciInstitutionId, 'cci-paris-idf', 'CCI Paris Île-de-France')
        on conflict (id) do nothing;

        insert into directory.antenne (id, institution_id, name, territorial_level)
        values (@CciParisAntenneId, @CciInstitutionId, 'CCI Paris', 'regional')
        on conflict (id) do nothing;

        insert into directory.expert (id, antenne_id, full_name, email, phone, job_title)
        values (@CamilleMartinExpertId, @CciParisAntenneId, 'Camille Martin', 'camille.martin@cci-paris-idf.example.fr', '0155650000', 'Conseillère entreprises')
        on conflict (id) do nothing;

        insert into directory.expert_subject (expert_id, subject_id)
        values (@CamilleMartinExpertId, @OtherRequestSubjectId)
        on conflict do nothing;
        """;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Seed, new { OtherRequestSubjectId, CciInstitutionId, CciParisAntenneId, CamilleMartinExpertId });
    }
}
