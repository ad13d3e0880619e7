using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Web;
using PdE.Solicitations.Features.RequestForm;

namespace PdE.Solicitations.Features.FollowUp.ShowFollowUp;

internal sealed record ShowFollowUpQuery(string Token) : IQuery<FollowUp?>;

/// <param name="Status">The request's state as the team sees it; the page words it for the requester.</param>
/// <param name="Institutions">Institutions the request was sent to, with how many advisors of each.</param>
/// <param name="Answers">The advisors who answered (took, declined or closed it), first taken first.</param>
internal sealed record FollowUp(
    string Reference, DateTime SubmittedAt, string? CompanyName, string Status, DateTime? SentAt, IReadOnlyList<InstitutionReached> Institutions,
    IReadOnlyList<AdvisorAnswer> Answers)
{
    private static readonly string[] ClosedStatuses = ["done", "done_no_help", "done_not_reachable"];

    public int Advisors => Institutions.Sum(i => i.Advisors);

    /// <summary>Advisors who took the request in charge (and may since have closed it).</summary>
    public IEnumerable<AdvisorAnswer> TakenBy => Answers.Where(a => a.TakenAt is not null && a.Status != "not_for_me");

    public int Declined => Answers.Count(a => a.Status == "not_for_me");

    /// <summary>Closed once one advisor closed it, as the need's status says.</summary>
    public AdvisorAnswer? ClosedBy => Answers.Where(a => ClosedStatuses.Contains(a.Status)).OrderBy(a => a.ClosedAt).FirstOrDefault();

    public bool DeclinedByAll => Advisors > 0 && Declined == Advisors;
}

internal sealed record InstitutionReached(string Name, int Advisors);

/// <param name="Status">The match's status in Matching's words (taking_care, done, done_no_help, done_not_reachable, not_for_me).</param>
internal sealed record AdvisorAnswer(string ExpertName, string InstitutionName, string Status, DateTime? TakenAt, DateTime? ClosedAt);

internal sealed class ShowFollowUpHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowFollowUpQuery, FollowUp?>
{
    private const string Details = """
        select s.id as Id, s.submitted_at as SubmittedAt, s.company_name as CompanyName, s.status as Status,
               (select min(m.created_at) from solicitations.follow_up_match m where m.solicitation_id = s.id) as SentAt
        from solicitations.solicitation s
        where s.follow_up_token_hash = @Hash and s.status <> 'draft';

        select m.institution_name as Name, count(*)::int as Advisors
        from solicitations.follow_up_match m join solicitations.solicitation s on s.id = m.solicitation_id
        where s.follow_up_token_hash = @Hash
        group by m.institution_name
        order by m.institution_name collate "fr-x-icu";

        select coalesce(m.expert_name, '') as ExpertName, m.institution_name as InstitutionName, m.status as Status,
               m.taken_at as TakenAt, m.closed_at as ClosedAt
        from solicitations.follow_up_match m join solicitations.solicitation s on s.id = m.solicitation_id
        where s.follow_up_token_hash = @Hash and m.status <> 'quo'
        order by coalesce(m.taken_at, m.closed_at), m.match_id;
        """;

    public async ValueTask<FollowUp?> Handle(ShowFollowUpQuery query, CancellationToken cancellationToken)
    {
        if (!PrivateLinkToken.LooksValid(query.Token))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Details, new { Hash = PrivateLinkToken.Hash(query.Token) }, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<Row>();
        var institutions = (await results.ReadAsync<InstitutionReached>()).AsList();
        var answers = (await results.ReadAsync<AdvisorAnswer>()).AsList();
        return row is null ? null : new FollowUp(
            row.Id.ToString("N")[^8..].ToUpperInvariant(), row.SubmittedAt, row.CompanyName, row.Status, row.SentAt, institutions, answers);
    }

    private sealed record Row(Guid Id, DateTime SubmittedAt, string? CompanyName, string Status, DateTime? SentAt);
}
