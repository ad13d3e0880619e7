using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using PdE.Stats.Data;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.RecordFacts;

/// <summary>
/// Keeps one row per need sent to experts (<c>stats.need_fact</c>, from <see cref="NeedRouted"/>), one per match sent
/// (<c>stats.match_fact</c>) and the institutions each need was sent to (<c>stats.need_institution</c>), from each
/// <see cref="MatchCreated"/>, experts added later included. A redelivered event writes nothing more.
/// </summary>
internal sealed class RecordNeedFactsHandler(NpgsqlDataSource dataSource, ActivityFolder folder)
    : INotificationHandler<NeedRouted>, INotificationHandler<MatchCreated>
{
    private const string Routed = """
        insert into stats.need_fact (need_id, solicitation_id, routed_at, subject_slug, departement, headcount_bracket, naf_section)
        values (@NeedId, @SolicitationId, @RoutedAt, @SubjectSlug, @Departement, @HeadcountBracket, @NafSection)
        on conflict (need_id) do nothing
        """;

    private const string SentTo = """
        insert into stats.need_institution (institution_id, need_id) select @InstitutionId, @NeedId where @InstitutionId::uuid is not null
        on conflict do nothing;

        insert into stats.match_fact (match_id, need_id, expert_id, antenne_id, institution_id, sent_at)
        values (@MatchId, @NeedId, @ExpertId, @AntenneId, @InstitutionId, @SentAt)
        on conflict (match_id) do update
        set sent_at = excluded.sent_at, antenne_id = coalesce(excluded.antenne_id, match_fact.antenne_id),
            institution_id = coalesce(excluded.institution_id, match_fact.institution_id)
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
            Departement = InseeCodes.DepartementOf(routed.CommuneCode),
            routed.HeadcountBracket,
            NafSection = CompanyCategories.NafSectionOf(routed.NafCode),
        }, cancellationToken: cancellationToken));
        folder.Nudge();
    }

    public async ValueTask Handle(MatchCreated created, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SentTo, new
        {
            created.MatchId, created.NeedId, created.ExpertId, created.AntenneId, created.InstitutionId,
            SentAt = DateTime.SpecifyKind(created.CreatedAt, DateTimeKind.Utc),
        }, cancellationToken: cancellationToken));
        folder.Nudge();
    }
}
