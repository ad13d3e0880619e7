using System.Diagnostics;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;
using PdE.Stats.Contracts;
using PdE.Stats.Data;

namespace PdE.Stats.Features.RebuildProjections;

/// <summary>
/// Truncates the facts Stats derives from other modules (request_fact, need_fact, need_institution, need_progress,
/// match_fact, satisfaction_answer), then reads Solicitations' requests and Matching's needs, matches and survey answers a page at a time and
/// writes each page in one statement. Rows an event wrote meanwhile are updated, not duplicated; first times keep the
/// earliest. The answers' log (match_status_change) is not derived: it is kept as the events told it. The facts are written
/// without their triggers (pde.stats_rebuild), and the cubes summed from them once at the end (stats.sum_cubes, stats.sum_team_cubes): until then
/// the pages read the cubes as they were.
/// </summary>
internal sealed class RebuildProjectionsHandler(NpgsqlDataSource dataSource, IMediator mediator, ILogger<RebuildProjectionsHandler> logger)
    : ICommandHandler<RebuildStatsProjections, StatsRebuilt>
{
    private const int PageSize = 5_000;

    private const string Empty = """
        truncate stats.request_fact, stats.need_fact, stats.need_institution, stats.need_progress, stats.match_fact, stats.satisfaction_answer
        """;

    private const string WriteRequests = """
        insert into stats.request_fact (solicitation_id, received_at, siret, subject_slug, departement, headcount_bracket, naf_section)
        select * from unnest(@Ids, @ReceivedAt, @Sirets, @Subjects, @Departements, @Headcounts, @NafSections)
        on conflict (solicitation_id) do update
        set received_at = excluded.received_at, siret = excluded.siret, subject_slug = excluded.subject_slug,
            departement = excluded.departement, headcount_bracket = excluded.headcount_bracket, naf_section = excluded.naf_section
        """;

    private const string WriteNeeds = """
        insert into stats.need_fact (need_id, solicitation_id, routed_at, subject_slug, departement, headcount_bracket, naf_section)
        select * from unnest(@Ids, @SolicitationIds, @RoutedAt, @Subjects, @Departements, @Headcounts, @NafSections)
        on conflict (need_id) do update
        set solicitation_id = excluded.solicitation_id, routed_at = excluded.routed_at, subject_slug = excluded.subject_slug,
            departement = excluded.departement, headcount_bracket = excluded.headcount_bracket, naf_section = excluded.naf_section;

        insert into stats.need_institution (institution_id, need_id)
        select * from unnest(@InstitutionIds, @InstitutionNeedIds)
        on conflict do nothing;

        insert into stats.need_progress as p (need_id, first_taken_in_charge_at, first_closed_at, first_done_at, status)
        select * from unnest(@Ids, @TakenAt, @ClosedAt, @DoneAt, @Statuses)
        on conflict (need_id) do update
        set first_taken_in_charge_at = least(p.first_taken_in_charge_at, excluded.first_taken_in_charge_at),
            first_closed_at = least(p.first_closed_at, excluded.first_closed_at),
            first_done_at = least(p.first_done_at, excluded.first_done_at)
        """;

    // A row an event wrote meanwhile keeps the later of its status and the history's, as the answers' handler does.
    private const string WriteMatches = """
        insert into stats.match_fact as m (match_id, need_id, expert_id, antenne_id, institution_id, sent_at, status, status_at)
        select * from unnest(@Ids, @NeedIds, @ExpertIds, @AntenneIds, @InstitutionIds, @SentAt, @Statuses, @StatusAt)
        on conflict (match_id) do update
        set sent_at = excluded.sent_at, antenne_id = coalesce(excluded.antenne_id, m.antenne_id),
            institution_id = coalesce(excluded.institution_id, m.institution_id),
            status = case when excluded.status_at is not null and (m.status_at is null or m.status_at <= excluded.status_at)
                          then excluded.status else m.status end,
            status_at = greatest(m.status_at, excluded.status_at)
        """;

    private const string WriteAnswers = """
        insert into stats.satisfaction_answer (need_id, solicitation_id, answered_at, contacted_by_expert, useful_exchange, has_comment)
        select * from unnest(@Ids, @SolicitationIds, @AnsweredAt, @Contacted, @Useful, @HasComment)
        on conflict (need_id) do nothing
        """;

    public async ValueTask<StatsRebuilt> Handle(RebuildStatsProjections command, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Empty, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("select set_config('pde.stats_rebuild', 'on', false)", cancellationToken: cancellationToken));
        try
        {
            return await CopyAllAsync(connection, clock, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync("select set_config('pde.stats_rebuild', '', false)");
        }
    }

    private async Task<StatsRebuilt> CopyAllAsync(NpgsqlConnection connection, Stopwatch clock, CancellationToken cancellationToken)
    {

        var requests = await CopyAsync<SentRequest>(
            after => mediator.Send(new GetSentRequestsPage(after, PageSize), cancellationToken), r => r.SolicitationId,
            page => connection.ExecuteAsync(new CommandDefinition(WriteRequests, new
            {
                Ids = page.Select(r => r.SolicitationId).ToArray(),
                ReceivedAt = page.Select(r => DateTime.SpecifyKind(r.SubmittedAt, DateTimeKind.Utc)).ToArray(),
                Sirets = page.Select(r => r.Siret).ToArray(),
                Subjects = page.Select(r => r.SubjectSlug).ToArray(),
                Departements = page.Select(r => InseeCodes.DepartementOf(r.CommuneCode)).ToArray(),
                Headcounts = page.Select(r => r.HeadcountBracket).ToArray(),
                NafSections = page.Select(r => CompanyCategories.NafSectionOf(r.NafCode)).ToArray(),
            }, cancellationToken: cancellationToken)));

        var needs = await CopyAsync<SentNeed>(
            after => mediator.Send(new GetSentNeedsPage(after, PageSize), cancellationToken), n => n.NeedId,
            page => connection.ExecuteAsync(new CommandDefinition(WriteNeeds, new
            {
                Ids = page.Select(n => n.NeedId).ToArray(),
                SolicitationIds = page.Select(n => n.SolicitationId).ToArray(),
                RoutedAt = page.Select(n => Utc(n.SentAt)).ToArray(),
                Subjects = page.Select(n => n.SubjectSlug).ToArray(),
                Departements = page.Select(n => InseeCodes.DepartementOf(n.CommuneCode)).ToArray(),
                Headcounts = page.Select(n => n.HeadcountBracket).ToArray(),
                NafSections = page.Select(n => CompanyCategories.NafSectionOf(n.NafCode)).ToArray(),
                InstitutionIds = page.SelectMany(n => n.InstitutionIds).ToArray(),
                InstitutionNeedIds = page.SelectMany(n => n.InstitutionIds.Select(_ => n.NeedId)).ToArray(),
                TakenAt = page.Select(n => Utc(n.FirstTakenInChargeAt)).ToArray(),
                ClosedAt = page.Select(n => Utc(n.FirstClosedAt)).ToArray(),
                DoneAt = page.Select(n => Utc(n.FirstDoneAt)).ToArray(),
                Statuses = page.Select(n => n.Status).ToArray(),
            }, cancellationToken: cancellationToken)));

        await CopyAsync<SentMatch>(
            after => mediator.Send(new GetSentMatchesPage(after, PageSize), cancellationToken), m => m.MatchId,
            page => connection.ExecuteAsync(new CommandDefinition(WriteMatches, new
            {
                Ids = page.Select(m => m.MatchId).ToArray(),
                NeedIds = page.Select(m => m.NeedId).ToArray(),
                ExpertIds = page.Select(m => m.ExpertId).ToArray(),
                AntenneIds = page.Select(m => m.AntenneId).ToArray(),
                InstitutionIds = page.Select(m => m.InstitutionId).ToArray(),
                SentAt = page.Select(m => Utc(m.SentAt)).ToArray(),
                Statuses = page.Select(m => m.Status).ToArray(),
                StatusAt = page.Select(m => Utc(m.StatusChangedAt)).ToArray(),
            }, cancellationToken: cancellationToken)));

        var answers = await CopyAsync<SatisfactionAnswer>(
            after => mediator.Send(new GetSatisfactionAnswersPage(after, PageSize), cancellationToken), a => a.NeedId,
            page => connection.ExecuteAsync(new CommandDefinition(WriteAnswers, new
            {
                Ids = page.Select(a => a.NeedId).ToArray(),
                SolicitationIds = page.Select(a => a.SolicitationId).ToArray(),
                AnsweredAt = page.Select(a => Utc(a.AnsweredAt)).ToArray(),
                Contacted = page.Select(a => a.ContactedByExpert).ToArray(),
                Useful = page.Select(a => a.UsefulExchange).ToArray(),
                HasComment = page.Select(a => a.HasComment).ToArray(),
            }, cancellationToken: cancellationToken)));

        await connection.ExecuteAsync(new CommandDefinition("select stats.sum_cubes(); select stats.sum_team_cubes()", commandTimeout: 0, cancellationToken: cancellationToken));

        // The pages read the cubes' indexes alone once their pages are marked all-visible, with plans from fresh statistics.
        await connection.ExecuteAsync(new CommandDefinition(
            "vacuum (analyze) stats.activity_cube, stats.take_delay_cube, stats.match_cube, stats.need_status_cube", commandTimeout: 0,
            cancellationToken: cancellationToken));
        logger.LogInformation("Stats rebuilt from history: {Requests} requests, {Needs} needs, {Answers} survey answers in {Seconds:N1} s",
            requests, needs, answers, clock.Elapsed.TotalSeconds);
        return new StatsRebuilt(requests, needs, answers, clock.Elapsed);
    }

    /// <summary>Reads pages after the last id of the previous one and writes each; returns how many rows were read.</summary>
    private static async Task<long> CopyAsync<T>(
        Func<Guid?, ValueTask<IReadOnlyList<T>>> read, Func<T, Guid> idOf, Func<IReadOnlyList<T>, Task<int>> write)
    {
        long count = 0;
        for (Guid? after = null; ;)
        {
            var page = await read(after);
            if (page.Count == 0)
            {
                return count;
            }

            await write(page);
            count += page.Count;
            after = idOf(page[^1]);
        }
    }

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);

    private static DateTime? Utc(DateTime? at) => at is { } value ? Utc(value) : null;
}
