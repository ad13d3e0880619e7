using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Text;

namespace PdE.Stats.Features.ShowPublicStats;

/// <summary>
/// What the figures are narrowed to; null: no narrowing. Months are Paris months, both ends included. A request counts
/// where its company is and under the subject the team validated; a need where its company is, under its own subject.
/// </summary>
/// <param name="Departements">INSEE codes (a région is given as its départements).</param>
/// <param name="Subjects">Catalogue subjects (a theme is given as its subjects).</param>
/// <param name="InstitutionId">Needs sent to one of this institution's experts, and the requests they came from.</param>
internal sealed record StatsFilter(
    DateOnly? FromMonth = null, DateOnly? ToMonth = null, IReadOnlyList<string>? Departements = null, IReadOnlyList<string>? Subjects = null,
    Guid? InstitutionId = null)
{
    public static readonly StatsFilter None = new();

    /// <summary>
    /// The filter as the parameters of the request and need queries (<see cref="GetPublicStatsHandler.Needs"/>): @From and
    /// @To the UTC instants the first month and the month after the last begin in Paris, @Departements, @Subjects, @InstitutionId.
    /// </summary>
    public DynamicParameters SqlParameters() => new(new
    {
        From = FromMonth is { } from ? ParisMonthStart(from) : (DateTime?)null,
        To = ToMonth is { } to ? ParisMonthStart(to.AddMonths(1)) : (DateTime?)null,
        Departements = Departements?.ToArray(),
        Subjects = Subjects?.ToArray(),
        InstitutionId,
    });

    /// <summary>The UTC instant a Paris month begins (midnight on its first day, Paris time).</summary>
    public static DateTime ParisMonthStart(DateOnly month) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), French.Paris);
}

internal sealed record GetPublicStats(StatsFilter Filter) : IQuery<PublicStats>
{
    public GetPublicStats()
        : this(StatsFilter.None)
    {
    }
}

/// <summary>
/// The figures of /stats. Needs are counted in the Paris month they were sent to experts, with what became of them since
/// (taken in charge, closed with help), so that each month's shares compare like with like.
/// </summary>
/// <param name="NeedsTakenInCharge">Needs one of whose experts took them in charge: an exchange with the company began.</param>
/// <param name="NeedsDone">Needs an expert closed with help.</param>
/// <param name="MedianTimeToTakeInCharge">Median time from sending to the first taking in charge; null before any.</param>
/// <param name="Months">Each month with activity, newest first.</param>
/// <param name="NeedsBySubject">Needs by subject (null key: subject unknown), largest first.</param>
/// <param name="RequestsBySize">Requests by INSEE headcount bracket (null key: no company or unknown).</param>
/// <param name="RequestsByNafSection">Requests by NAF section letter (null key: unknown).</param>
internal sealed record PublicStats(
    long SolicitationsReceived, long NeedsRouted, long NeedsTakenInCharge, long NeedsDone, TimeSpan? MedianTimeToTakeInCharge,
    Satisfaction Satisfaction, IReadOnlyList<MonthStats> Months, IReadOnlyList<Tally> NeedsBySubject, IReadOnlyList<Tally> RequestsBySize,
    IReadOnlyList<Tally> RequestsByNafSection)
{
    public static readonly PublicStats Empty = new(0, 0, 0, 0, null, new(0, 0, 0), [], [], [], []);

    /// <summary>Of the needs sent, the share taken in charge (0 to 1); null before any need.</summary>
    public double? TakenInChargeRate => NeedsRouted == 0 ? null : (double)NeedsTakenInCharge / NeedsRouted;
}

/// <param name="NeedsRouted">Needs sent to experts that month.</param>
/// <param name="NeedsTakenInCharge">Of those, taken in charge since.</param>
/// <param name="NeedsDone">Of those, closed with help since.</param>
internal sealed record MonthStats(DateOnly Month, long SolicitationsReceived, long NeedsRouted, long NeedsTakenInCharge = 0, long NeedsDone = 0);

/// <summary>A count under a key (null: unknown).</summary>
internal sealed record Tally(string? Key, long Count);

/// <summary>The requesters' answers to the satisfaction survey: how many answered, were contacted, found the exchange useful.</summary>
internal sealed record Satisfaction(long Answers, long Contacted, long Useful)
{
    /// <summary>Of those an expert contacted, the share who found the exchange useful (0 to 1); null before any such answer.</summary>
    public double? UsefulRate => Contacted == 0 ? null : (double)Useful / Contacted;
}

/// <summary>Reads the facts Stats keeps (request_fact, need_fact, need_progress, satisfaction_answer), narrowed by the filter.</summary>
internal sealed class GetPublicStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPublicStats, PublicStats>
{
    internal const string Requests = """
        select r.* from stats.request_fact r
        where (@From::timestamptz is null or r.received_at >= @From) and (@To::timestamptz is null or r.received_at < @To)
          and (@Departements::text[] is null or r.departement = any(@Departements))
          and (@Subjects::text[] is null or r.subject_slug = any(@Subjects))
          and (@InstitutionId::uuid is null or exists (
                select 1 from stats.need_fact n join stats.need_institution i on i.need_id = n.need_id and i.institution_id = @InstitutionId
                where n.solicitation_id = r.solicitation_id))
        """;

    internal const string Needs = """
        select n.*, p.first_taken_in_charge_at, p.first_done_at, p.status
        from stats.need_fact n left join stats.need_progress p on p.need_id = n.need_id
        where (@From::timestamptz is null or n.routed_at >= @From) and (@To::timestamptz is null or n.routed_at < @To)
          and (@Departements::text[] is null or n.departement = any(@Departements))
          and (@Subjects::text[] is null or n.subject_slug = any(@Subjects))
          and (@InstitutionId::uuid is null or exists (
                select 1 from stats.need_institution i where i.institution_id = @InstitutionId and i.need_id = n.need_id))
        """;

    private const string Figures = $"""
        with requests as ({Requests}), needs as ({Needs})
        select month as Month, sum(received) as SolicitationsReceived, sum(routed) as NeedsRouted, sum(taken) as NeedsTakenInCharge,
               sum(done) as NeedsDone
        from (
            select date_trunc('month', received_at at time zone 'Europe/Paris')::date as month, 1 as received, 0 as routed, 0 as taken, 0 as done
            from requests
            union all
            select date_trunc('month', routed_at at time zone 'Europe/Paris')::date, 0, 1,
                   (first_taken_in_charge_at is not null)::int, (first_done_at is not null)::int
            from needs
        ) activity
        group by month
        order by month desc;

        with needs as ({Needs})
        select percentile_cont(0.5) within group (order by extract(epoch from first_taken_in_charge_at - routed_at))
        from needs where first_taken_in_charge_at is not null;

        with needs as ({Needs})
        select count(*) as Answers, count(*) filter (where s.contacted_by_expert) as Contacted,
               count(*) filter (where s.contacted_by_expert and s.useful_exchange) as Useful
        from stats.satisfaction_answer s join needs n on n.need_id = s.need_id;

        with needs as ({Needs})
        select subject_slug as Key, count(*) as Count from needs group by subject_slug order by count(*) desc, subject_slug;

        with requests as ({Requests})
        select headcount_bracket as Key, count(*) as Count from requests group by headcount_bracket order by headcount_bracket;

        with requests as ({Requests})
        select naf_section as Key, count(*) as Count from requests group by naf_section order by naf_section;
        """;

    public async ValueTask<PublicStats> Handle(GetPublicStats query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(Figures, query.Filter.SqlParameters(), cancellationToken: cancellationToken));
        var months = (await results.ReadAsync<(DateTime Month, long Received, long Routed, long TakenInCharge, long Done)>())
            .Select(r => new MonthStats(DateOnly.FromDateTime(r.Month), r.Received, r.Routed, r.TakenInCharge, r.Done))
            .ToList();
        var medianSeconds = await results.ReadSingleAsync<double?>();
        var satisfaction = await results.ReadSingleAsync<Satisfaction>();
        var bySubject = (await results.ReadAsync<Tally>()).AsList();
        var bySize = (await results.ReadAsync<Tally>()).AsList();
        var byNafSection = (await results.ReadAsync<Tally>()).AsList();
        return new PublicStats(
            months.Sum(m => m.SolicitationsReceived), months.Sum(m => m.NeedsRouted), months.Sum(m => m.NeedsTakenInCharge), months.Sum(m => m.NeedsDone),
            medianSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, satisfaction, months, bySubject, bySize, byNafSection);
    }
}
