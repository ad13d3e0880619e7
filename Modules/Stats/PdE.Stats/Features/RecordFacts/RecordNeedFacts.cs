using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Stats.Data;

namespace PdE.Stats.Features.RecordFacts;

/// <summary>
/// Keeps one row per need sent to experts (<c>stats.need_fact</c>, from <see cref="NeedRouted"/>) and the institutions it
/// was sent to (<c>stats.need_institution</c>, from each <see cref="MatchCreated"/>, experts added later included). A
/// redelivered event writes nothing more.
/// </summary>
internal sealed class RecordNeedFactsHandler(NpgsqlDataSource dataSource)
    : INotificationHandler<NeedRouted>, INotificationHandler<MatchCreated>
{
    private const string Routed = """
        insert into stats.need_fact (need_id, solicitation_id, routed_at, subject_slug, departement, headcount_bracket, naf_section)
        values (@NeedId, @SolicitationId, @RoutedAt, @SubjectSlug, @Departement, @HeadcountBracket, @NafSection)
        on conflict (need_id) do nothing
        """;

    private const string SentTo = """
        insert into stats.need_institution (institution_id, need_id) values (@InstitutionId, @NeedId)
        on conflict do nothing
        """;

    public async ValueTask Handle(NeedRouted routed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Routed, new
        {
            routed.NeedId,
            routed.SolicitationId,
            RoutedAt = DateTime.SpecifyKind(routed.RoutedAt, DateTimeKind.Utc),
            routed.SubjectSlug,
            Departement = CompanyCategories.DepartementOf(routed.CommuneCode),
            routed.HeadcountBracket,
            NafSection = CompanyCategories.NafSectionOf(routed.NafCode),
        }, cancellationToken: cancellationToken));
    }

    public async ValueTask Handle(MatchCreated created, CancellationToken cancellationToken)
    {
        if (created.InstitutionId is not { } institutionId)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SentTo, new { InstitutionId = institutionId, created.NeedId }, cancellationToken: cancellationToken));
    }
}
