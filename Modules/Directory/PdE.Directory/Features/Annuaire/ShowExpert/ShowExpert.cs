using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ShowExpert;

internal sealed record ShowExpertQuery(Guid Id) : IQuery<ExpertDetails?>;

internal sealed record ExpertDetails(
    ExpertHeader Expert, IReadOnlyList<ExpertSubjectRow> Subjects, IReadOnlyList<string> OwnCommunes, int OwnCommuneCount,
    IReadOnlyList<ExpertUserRow> Users, IReadOnlyList<AuditEntry> History);

internal sealed record ExpertHeader(
    Guid Id, string FullName, string Email, string? Phone, string? JobTitle, bool IsTeam, bool IsGlobalZone,
    Guid AntenneId, string AntenneName, string InstitutionSlug, string InstitutionName);

internal sealed record ExpertSubjectRow(string Theme, string Subject, string? Variant, string? Criteria);

internal sealed record ExpertUserRow(string FullName, string Email, bool HasPassword);

internal sealed class ShowExpertHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowExpertQuery, ExpertDetails?>
{
    // Only the first communes are named: a few hundred codes would tell an admin nothing more than their count.
    private const int CommunesShown = 30;

    private const string Details = """
        select e.id as Id, e.full_name as FullName, e.email as Email, e.phone as Phone, e.job_title as JobTitle, e.is_team as IsTeam,
               e.is_global_zone as IsGlobalZone, a.id as AntenneId, a.name as AntenneName, i.slug as InstitutionSlug, i.name as InstitutionName
        from directory.expert e
        join directory.antenne a on a.id = e.antenne_id
        join directory.institution i on i.id = a.institution_id
        where e.id = @Id and e.deleted_at is null;

        select t.label as Theme, s.label as Subject, isub.description as Variant, es.intervention_criteria as Criteria
        from directory.expert_subject es
        join directory.institution_subject isub on isub.id = es.institution_subject_id
        join directory.subject s on s.id = isub.subject_id
        join directory.theme t on t.id = s.theme_id
        where es.expert_id = @Id
        order by t.position, s.position, isub.description nulls first;

        select c.name || ' (' || c.code || ')'
        from directory.expert_commune ec join directory.commune c on c.code = ec.commune_code
        where ec.expert_id = @Id
        order by c.name collate "fr-x-icu"
        limit @CommunesShown;

        select count(*)::int from directory.expert_commune where expert_id = @Id;

        select u.full_name as FullName, u.email as Email, u.password_hash is not null as HasPassword
        from directory.user_expert ue join directory.user_account u on u.id = ue.user_id
        where ue.expert_id = @Id and u.deleted_at is null
        order by u.full_name collate "fr-x-icu";
        """;

    public async ValueTask<ExpertDetails?> Handle(ShowExpertQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Details, new { query.Id, CommunesShown }, cancellationToken: cancellationToken));
        var expert = await results.ReadSingleOrDefaultAsync<ExpertHeader>();
        var subjects = (await results.ReadAsync<ExpertSubjectRow>()).AsList();
        var communes = (await results.ReadAsync<string>()).AsList();
        var communeCount = await results.ReadSingleAsync<int>();
        var users = (await results.ReadAsync<ExpertUserRow>()).AsList();
        if (expert is null)
        {
            return null;
        }

        return new ExpertDetails(expert, subjects, communes, communeCount, users, await AuditLog.LatestAsync(connection, "expert", query.Id, cancellationToken));
    }
}
