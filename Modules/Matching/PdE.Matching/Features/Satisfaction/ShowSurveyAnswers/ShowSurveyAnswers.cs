using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Matching.Features.Satisfaction.ShowSurveyAnswers;

/// <summary>The tabs of the team's list of answers.</summary>
internal sealed record SurveyAnswersTab(string Slug, string Label, string Condition)
{
    public static readonly SurveyAnswersTab ToShare = new("a-partager", "Commentaires à partager", "s.comment is not null and s.shared_at is null");
    public static readonly SurveyAnswersTab Shared = new("partages", "Partagés", "s.shared_at is not null");
    public static readonly SurveyAnswersTab All = new("tous", "Toutes les réponses", "true");

    public static readonly SurveyAnswersTab[] Tabs = [ToShare, Shared, All];

    public static SurveyAnswersTab Of(string? slug) => Tabs.FirstOrDefault(t => t.Slug == slug) ?? ToShare;
}

internal sealed record ShowSurveyAnswersQuery(SurveyAnswersTab Tab, int Page) : IQuery<SurveyAnswersPage>;

internal sealed record SurveyAnswersPage(IReadOnlyList<SurveyAnswer> Answers, int Page, int PageCount, int Total, IReadOnlyDictionary<string, int> CountsByTab);

internal sealed record SurveyAnswer(
    Guid NeedId, string? CompanyName, string SubjectSlug, DateTime AnsweredAt, bool ContactedByExpert, bool? UsefulExchange, string? Comment,
    DateTime? SharedAt, string? SharedByName, string HelpedBy);

/// <summary>The requesters' answers, newest first, 30 a page, with each tab's count.</summary>
internal sealed class ShowSurveyAnswersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowSurveyAnswersQuery, SurveyAnswersPage>
{
    public const int PageSize = 30;

    private static readonly string Counts = $"""
        select count(*) filter (where {SurveyAnswersTab.ToShare.Condition})::int as ToShare,
               count(*) filter (where {SurveyAnswersTab.Shared.Condition})::int as Shared,
               count(*)::int as All
        from matching.satisfaction_survey s
        where s.answered_at is not null
        """;

    public async ValueTask<SurveyAnswersPage> Handle(ShowSurveyAnswersQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<TabCounts>(new CommandDefinition(Counts, cancellationToken: cancellationToken));
        var byTab = new Dictionary<string, int>
        {
            [SurveyAnswersTab.ToShare.Slug] = counts.ToShare, [SurveyAnswersTab.Shared.Slug] = counts.Shared, [SurveyAnswersTab.All.Slug] = counts.All,
        };
        var total = byTab[query.Tab.Slug];
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        // The tab's condition is one of the fixed ones above, never typed by a user.
        var answers = await connection.QueryAsync<SurveyAnswer>(new CommandDefinition($"""
            select s.need_id as NeedId, n.company_name as CompanyName, n.subject_slug as SubjectSlug, s.answered_at as AnsweredAt,
                   s.contacted_by_expert as ContactedByExpert, s.useful_exchange as UsefulExchange, s.comment as Comment,
                   s.shared_at as SharedAt, s.shared_by_name as SharedByName,
                   coalesce((select string_agg(m.expert_name || ' (' || m.antenne_name || ')', ', ' order by m.closed_at)
                             from matching.match m where m.need_id = s.need_id and m.status = 'done'), '') as HelpedBy
            from matching.satisfaction_survey s join matching.need n on n.id = s.need_id
            where s.answered_at is not null and {query.Tab.Condition}
            order by s.answered_at desc, s.need_id
            limit @PageSize offset @Offset
            """, new { PageSize, Offset = (page - 1) * PageSize }, cancellationToken: cancellationToken));
        return new SurveyAnswersPage(answers.AsList(), page, pageCount, total, byTab);
    }

    private sealed record TabCounts(int ToShare, int Shared, int All);
}
