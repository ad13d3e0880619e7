using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.Shared;

/// <summary>
/// A cube the facts keep summed (migrations/stats/0010) and the levels it keeps its sums at: a level says which of the
/// subject, the département and the institution its rows keep (the others summed over, null). A view reads the smallest
/// level that keeps what it filters or breaks down by, so that it sums a few hundred rows, not one per request.
/// </summary>
/// <param name="Levels">The levels the cube holds, smallest first (those the migration's functions write).</param>
internal sealed record Cube(string Table, params int[] Levels)
{
    public const int Subject = 1;
    public const int Departement = 2;
    public const int Institution = 4;

    public static readonly Cube Activity = new("stats.activity_cube", 0, 1, 2, 3, 4, 5, 7);

    public static readonly Cube TakeDelay = new("stats.take_delay_cube", 0, 1, 2, 3, 4, 7);

    public static readonly Cube Matches = new("stats.match_cube", 0, 1, 2, 3, 4, 5, 6, 7);

    public static readonly Cube NeedStatuses = new("stats.need_status_cube", 0, 1, 2, 3, 4, 7);

    public static readonly IReadOnlyList<Cube> All = [Activity, TakeDelay, Matches, NeedStatuses];

    /// <summary>
    /// "table c where …": the filter's rows (parameters: <see cref="StatsFilter.SqlParameters"/>) at the level that keeps
    /// its dimensions and those of <paramref name="breakdown"/> (<see cref="Subject"/>, <see cref="Institution"/>…).
    /// </summary>
    public string Rows(StatsFilter filter, int breakdown = 0)
    {
        var wanted = breakdown
            | (filter.Subjects is null ? 0 : Subject)
            | (filter.Departements is null ? 0 : Departement)
            | (filter.InstitutionId is null ? 0 : Institution);
        var level = LevelFor(wanted);
        return $"""
            {Table} c
            where c.level = {level}
              and (@FromMonth::date is null or c.month >= @FromMonth) and (@ToMonth::date is null or c.month <= @ToMonth)
              and {Kept(level, Subject, "c.subject_slug", filter.Subjects is null ? null : "c.subject_slug = any(@Subjects)")}
              and {Kept(level, Departement, "c.departement", filter.Departements is null ? null : "c.departement = any(@Departements)")}
              and {Kept(level, Institution, "c.institution_id", filter.InstitutionId is null ? null : "c.institution_id = @InstitutionId")}
            """;
    }

    /// <summary>
    /// The smallest level that keeps the dimensions wanted. A level with the institution counts a need under each
    /// institution it went to, so it serves only the views by institution, and the others only the views without.
    /// </summary>
    internal int LevelFor(int wanted) =>
        Levels.First(level => (level & wanted) == wanted && (level & Institution) == (wanted & Institution));

    private static string Kept(int level, int dimension, string column, string? filtered) =>
        (level & dimension) == 0 ? column + " is null" : filtered ?? "true";
}
