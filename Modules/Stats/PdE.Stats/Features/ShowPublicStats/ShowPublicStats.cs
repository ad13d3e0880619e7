using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Text;
using PdE.Stats.Data;

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
    /// The filter as the parameters of the fact queries (<see cref="FilteredFacts.Needs"/>) and of the cube's
    /// (<see cref="GetPublicStatsHandler.CubeRows"/>): @From and @To the UTC instants the first month and the month after the
    /// last begin in Paris, @FromMonth and @ToMonth those months, @Departements, @Subjects, @InstitutionId.
    /// </summary>
    public DynamicParameters SqlParameters() => new(new
    {
        From = FromMonth is { } from ? ParisMonthStart(from) : (DateTime?)null,
        To = ToMonth is { } to ? ParisMonthStart(to.AddMonths(1)) : (DateTime?)null,
        FromMonth,
        ToMonth,
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
/// <param name="RequestsBySize">Requests by size class (<see cref="CompanyCategories.SizeClasses"/>; null key: no company or unknown).</param>
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

/// <summary>
/// Reads the cubes the facts keep summed (stats.activity_cube, stats.take_delay_cube, migration stats/0007), narrowed by the
/// filter: a view sums the rows of its months, subjects, départements and institution, whatever the history's size. The
/// median comes from the delay buckets (5 % wide): the middle need's bucket, read at its geometric middle.
/// </summary>
internal sealed class GetPublicStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPublicStats, PublicStats>
{
    /// <summary>
    /// The cube rows of a filter (@FromMonth, @ToMonth, @Departements, @Subjects, @InstitutionId; see <see cref="StatsFilter.SqlParameters"/>):
    /// one institution's, or everything's (institution_id null), each condition one an index can serve.
    /// </summary>
    internal static string CubeRows(bool oneInstitution) => $"""
        (@FromMonth::date is null or c.month >= @FromMonth) and (@ToMonth::date is null or c.month <= @ToMonth)
        and (@Departements::text[] is null or c.departement = any(@Departements))
        and (@Subjects::text[] is null or c.subject_slug = any(@Subjects))
        and {(oneInstitution ? "c.institution_id = @InstitutionId" : "c.institution_id is null")}
        """;

    private static readonly string EveryInstitution = Figures(CubeRows(oneInstitution: false));

    private static readonly string OneInstitution = Figures(CubeRows(oneInstitution: true));

    private static string Figures(string cubeRows) => $"""
        select c.month as Month, sum(c.requests) as Received, sum(c.needs_routed) as Routed, sum(c.needs_taken) as TakenInCharge,
               sum(c.needs_done) as Done
        from stats.activity_cube c where {cubeRows}
        group by c.month having sum(c.requests) > 0 or sum(c.needs_routed) > 0
        order by c.month desc;

        select c.bucket as Bucket, sum(c.needs) as Needs
        from stats.take_delay_cube c where {cubeRows}
        group by c.bucket having sum(c.needs) > 0 order by c.bucket;

        select coalesce(sum(c.answers), 0) as Answers, coalesce(sum(c.contacted), 0) as Contacted, coalesce(sum(c.useful), 0) as Useful
        from stats.activity_cube c where {cubeRows};

        select c.subject_slug as Key, sum(c.needs_routed) as Count
        from stats.activity_cube c where {cubeRows}
        group by c.subject_slug having sum(c.needs_routed) > 0 order by 2 desc, 1;

        select coalesce(sum(requests), 0) as Requests, {string.Join(", ", CompanyCategories.SizeClasses.Select(size => $"coalesce(sum({SizeColumn(size.Key)}), 0)"))},
               {string.Join(", ", CompanyCategories.NafSections.Keys.Select(section => $"coalesce(sum(naf_{section.ToLowerInvariant()}), 0)"))}
        from stats.activity_cube c where {cubeRows};
        """;

    public async ValueTask<PublicStats> Handle(GetPublicStats query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(query.Filter.InstitutionId is null ? EveryInstitution : OneInstitution, query.Filter.SqlParameters(),
                cancellationToken: cancellationToken));
        var months = (await results.ReadAsync<(DateTime Month, long Received, long Routed, long TakenInCharge, long Done)>())
            .Select(r => new MonthStats(DateOnly.FromDateTime(r.Month), r.Received, r.Routed, r.TakenInCharge, r.Done))
            .ToList();
        var delays = (await results.ReadAsync<(short Bucket, long Needs)>()).AsList();
        var satisfaction = await results.ReadSingleAsync<Satisfaction>();
        var bySubject = (await results.ReadAsync<Tally>()).AsList();
        var breakdown = ((IDictionary<string, object>)await results.ReadSingleAsync()).Values.Select(Convert.ToInt64).ToArray();
        var sizes = CompanyCategories.SizeClasses.Select((size, i) => new Tally(size.Key, breakdown[1 + i])).ToList();
        var sections = CompanyCategories.NafSections.Keys.Select((section, i) => new Tally(section, breakdown[1 + sizes.Count + i])).ToList();
        return new PublicStats(
            months.Sum(m => m.SolicitationsReceived), months.Sum(m => m.NeedsRouted), months.Sum(m => m.NeedsTakenInCharge), months.Sum(m => m.NeedsDone),
            MedianDelay(delays), satisfaction, months, bySubject,
            Present([.. sizes, new Tally(null, breakdown[0] - sizes.Sum(t => t.Count))]),
            Present([.. sections, new Tally(null, breakdown[0] - sections.Sum(t => t.Count))]));
    }

    /// <summary>
    /// The delay within which half the needs taken in charge were (the middle one, the lower of two), from the count in each
    /// bucket: its bucket's geometric middle, so within 2.5 % of the true delay. Null before any taking in charge.
    /// </summary>
    internal static TimeSpan? MedianDelay(IReadOnlyList<(short Bucket, long Needs)> buckets)
    {
        var total = buckets.Sum(b => b.Needs);
        if (total == 0)
        {
            return null;
        }

        var middle = (total + 1) / 2;
        long seen = 0;
        foreach (var (bucket, needs) in buckets)
        {
            seen += needs;
            if (seen >= middle)
            {
                return TimeSpan.FromMinutes(bucket == 0 ? 0.5 : Math.Pow(DelayBucketRatio, bucket - 0.5));
            }
        }

        return null;
    }

    private static List<Tally> Present(IEnumerable<Tally> tallies) => [.. tallies.Where(t => t.Count > 0)];

    /// <summary>Each delay bucket is this many times as wide as the one before (stats.delay_bucket).</summary>
    private const double DelayBucketRatio = 1.05;

    private static string SizeColumn(string sizeClass) => sizeClass switch
    {
        "0" => "size_0",
        "1-9" => "size_1_9",
        "10-49" => "size_10_49",
        "50-249" => "size_50_249",
        _ => "size_250_plus",
    };
}
