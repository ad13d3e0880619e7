using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;

namespace PdE.Directory.Features.Annuaire.ShowCoverageAnomalies;

/// <summary>What the directory leaves uncovered or half-covered, for the team to mend.</summary>
internal sealed record ShowCoverageAnomaliesQuery : IQuery<CoverageAnomalies>;

/// <param name="UncoveredSubjects">Public subjects with départements where no expert takes them, most départements first.</param>
/// <param name="ExpertsWithoutAccount">Experts with subjects and no account: they get needs by e-mail only and cannot answer them on
/// the site; most needs received in the last twelve months first.</param>
/// <param name="AntennesWithoutCommunes">Antennes with no commune: their experts without communes of their own receive nothing.</param>
internal sealed record CoverageAnomalies(
    IReadOnlyList<UncoveredSubject> UncoveredSubjects, IReadOnlyList<ExpertWithoutAccount> ExpertsWithoutAccount,
    IReadOnlyList<AntenneWithoutCommunes> AntennesWithoutCommunes);

/// <param name="Departements">The uncovered départements' codes and names, in code order.</param>
internal sealed record UncoveredSubject(string Theme, string Subject, IReadOnlyList<(string Code, string Name)> Departements);

internal sealed record ExpertWithoutAccount(Guid Id, string FullName, string Email, string Antenne, string Institution, int Subjects, int NeedsLastYear);

internal sealed record AntenneWithoutCommunes(Guid Id, string Name, string Institution, string Level, int Experts, int ExpertsWithOwnCommunes);

internal sealed class ShowCoverageAnomaliesHandler(NpgsqlDataSource dataSource, IMediator mediator, TimeProvider clock)
    : IQueryHandler<ShowCoverageAnomaliesQuery, CoverageAnomalies>
{
    // An expert takes a subject where routing would send it to them: everywhere (zone globale), on their own communes, or
    // else on their antenne's. Overseas collectivities (zone 'com') are outside the service.
    private const string Queries = """
        with active_subject as (
            select es.subject_id, e.id as expert_id, e.antenne_id, e.is_global_zone, e.has_own_communes
            from directory.expert_subject es
            join directory.expert e on e.id = es.expert_id and e.deleted_at is null
            join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
            join directory.institution i on i.id = a.institution_id and i.deleted_at is null
        ),
        covered as (
            select s.subject_id, d.code as departement
            from (select distinct subject_id from active_subject where is_global_zone) s cross join directory.departement d
            union
            select s.subject_id, c.departement_code
            from (select distinct subject_id, expert_id from active_subject where not is_global_zone and has_own_communes) s
            join directory.expert_commune ec on ec.expert_id = s.expert_id
            join directory.commune c on c.code = ec.commune_code
            union
            select s.subject_id, ad.departement_code
            from (select distinct subject_id, antenne_id from active_subject where not is_global_zone and not has_own_communes) s
            join (select distinct ac.antenne_id, c.departement_code
                  from directory.antenne_commune ac join directory.commune c on c.code = ac.commune_code) ad on ad.antenne_id = s.antenne_id
        )
        select t.label as Theme, s.label as Subject, d.code as Code, d.name as Name
        from directory.subject s
        join directory.theme t on t.id = s.theme_id
        cross join directory.departement d
        where s.archived_at is null and not s.is_support and d.zone <> 'com'
          and not exists (select 1 from covered c where c.subject_id = s.id and c.departement = d.code)
        order by t.position, t.label, s.position, s.label, d.code;

        select e.id as Id, e.full_name as FullName, e.email as Email, a.name as Antenne, i.name as Institution,
               (select count(*)::int from directory.expert_subject es where es.expert_id = e.id) as Subjects
        from directory.expert e
        join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
        join directory.institution i on i.id = a.institution_id and i.deleted_at is null
        where e.deleted_at is null
          and exists (select 1 from directory.expert_subject es where es.expert_id = e.id)
          and not exists (
              select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id and u.deleted_at is null
              where ue.expert_id = e.id);

        select a.id as Id, a.name as Name, i.name as Institution, a.territorial_level as Level,
               (select count(*)::int from directory.expert e where e.antenne_id = a.id and e.deleted_at is null) as Experts,
               (select count(*)::int from directory.expert e where e.antenne_id = a.id and e.deleted_at is null and e.has_own_communes) as ExpertsWithOwnCommunes
        from directory.antenne a
        join directory.institution i on i.id = a.institution_id and i.deleted_at is null
        where a.deleted_at is null and not exists (select 1 from directory.antenne_commune ac where ac.antenne_id = a.id)
        order by i.name collate "fr-x-icu", a.name collate "fr-x-icu";
        """;

    public async ValueTask<CoverageAnomalies> Handle(ShowCoverageAnomaliesQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Queries, cancellationToken: cancellationToken));
        var uncovered = (await results.ReadAsync<(string Theme, string Subject, string Code, string Name)>())
            .GroupBy(r => (r.Theme, r.Subject))
            .Select(g => new UncoveredSubject(g.Key.Theme, g.Key.Subject, [.. g.Select(r => (r.Code, r.Name))]))
            .OrderByDescending(s => s.Departements.Count)
            .ToList();
        var experts = (await results.ReadAsync<ExpertRow>()).AsList();
        var antennes = (await results.ReadAsync<AntenneWithoutCommunes>()).AsList();

        var needs = experts.Count == 0 ? new Dictionary<Guid, int>()
            : await mediator.Send(new CountNeedsReceived([.. experts.Select(e => e.Id)], clock.GetUtcNow().UtcDateTime.AddYears(-1)), cancellationToken);
        var withoutAccount = experts
            .Select(e => new ExpertWithoutAccount(e.Id, e.FullName, e.Email, e.Antenne, e.Institution, e.Subjects, needs.GetValueOrDefault(e.Id)))
            .OrderByDescending(e => e.NeedsLastYear).ThenBy(e => e.Institution, French).ThenBy(e => e.FullName, French)
            .ToList();
        return new CoverageAnomalies(uncovered, withoutAccount, antennes);
    }

    private static readonly StringComparer French = StringComparer.Create(PdE.Shared.Text.French.Culture, true);

    private sealed record ExpertRow(Guid Id, string FullName, string Email, string Antenne, string Institution, int Subjects);
}
