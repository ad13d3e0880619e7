using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Text;
using PdE.Stats.Data;
using PdE.Stats.Features.Shared;

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
    /// The filter as the parameters of the fact queries (<see cref="FilteredFacts.Needs"/>) and of the cubes'
    /// (<see cref="Cube.Rows"/>): @From and @To the UTC instants the first month and the month after the
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
/// Reads the cubes the facts keep summed (migrations/stats/0010) at the level the filter needs (<see cref="Cube.Rows"/>):
/// the months with every measure, the delay buckets for the median, the needs by subject. The activity cube's pending
/// contributions are folded first (<see cref="ActivityFolder"/>): the figures are those of every fact written.
/// </summary>
internal sealed class GetPublicStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPublicStats, PublicStats>
{
    private static readonly string[] Measures =
    [
        "requests", .. CompanyCategories.SizeClasses.Select(size => size.Column),
        .. CompanyCategories.NafSections.Keys.Select(section => "naf_" + section.ToLowerInvariant()),
        "needs_routed", "needs_taken", "needs_done", "answers", "contacted", "useful",
    ];

    private static string Figures(StatsFilter filter) => $"""
        select c.month, {string.Join(", ", Measures.Select(m => $"sum(c.{m}) as {m}"))}
        from {Cube.Activity.Rows(filter)}
        group by c.month
        order by c.month desc;

        select c.bucket as Bucket, sum(c.needs) as Needs
        from {Cube.TakeDelay.Rows(filter)}
        group by c.bucket having sum(c.needs) > 0 order by c.bucket;

        select c.subject_slug as Key, sum(c.needs_routed) as Count
        from {Cube.Activity.Rows(filter, Cube.Subject)}
        group by c.subject_slug having sum(c.needs_routed) > 0 order by 2 desc, 1;
        """;

    public async ValueTask<PublicStats> Handle(GetPublicStats query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ActivityFolder.FoldAsync(connection, cancellationToken);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(Figures(filter), filter.SqlParameters(), cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync()).Cast<IDictionary<string, object>>()
            .Select(r => (Month: r["month"] is DateOnly day ? day : DateOnly.FromDateTime((DateTime)r["month"]), Sums: Measures.ToDictionary(m => m, m => Convert.ToInt64(r[m] ?? 0L))))
            .ToList();
        var delays = (await results.ReadAsync<(short Bucket, long Needs)>()).AsList();
        var bySubject = (await results.ReadAsync<Tally>()).AsList();

        long Total(string measure) => rows.Sum(r => r.Sums[measure]);
        var months = rows.Where(r => r.Sums["requests"] > 0 || r.Sums["needs_routed"] > 0)
            .Select(r => new MonthStats(r.Month, r.Sums["requests"], r.Sums["needs_routed"], r.Sums["needs_taken"], r.Sums["needs_done"]))
            .ToList();
        var sizes = CompanyCategories.SizeClasses.Select(size => new Tally(size.Key, Total(size.Column))).ToList();
        var sections = CompanyCategories.NafSections.Keys.Select(section => new Tally(section, Total("naf_" + section.ToLowerInvariant()))).ToList();
        return new PublicStats(
            Total("requests"), Total("needs_routed"), Total("needs_taken"), Total("needs_done"), MedianDelay(delays),
            new Satisfaction(Total("answers"), Total("contacted"), Total("useful")), months, bySubject,
            Present([.. sizes, new Tally(null, Total("requests") - sizes.Sum(t => t.Count))]),
            Present([.. sections, new Tally(null, Total("requests") - sections.Sum(t => t.Count))]));
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
}
