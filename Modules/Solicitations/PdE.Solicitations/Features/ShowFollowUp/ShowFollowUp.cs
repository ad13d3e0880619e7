using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Data;

namespace PdE.Solicitations.Features.ShowFollowUp;

internal sealed record ShowFollowUpQuery(string Token) : IQuery<FollowUp?>;

/// <param name="Status">The request's state as the team sees it; the page words it for the requester.</param>
/// <param name="Institutions">Institutions the request was sent to, with how many advisors of each.</param>
internal sealed record FollowUp(
    string Reference, DateTime SubmittedAt, string? CompanyName, string Status, DateTime? SentAt, IReadOnlyList<InstitutionReached> Institutions)
{
    public int Advisors => Institutions.Sum(i => i.Advisors);
}

internal sealed record InstitutionReached(string Name, int Advisors);

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
        """;

    public async ValueTask<FollowUp?> Handle(ShowFollowUpQuery query, CancellationToken cancellationToken)
    {
        if (!ResumeToken.LooksValid(query.Token))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Details, new { Hash = ResumeToken.Hash(query.Token) }, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<Row>();
        var institutions = (await results.ReadAsync<InstitutionReached>()).AsList();
        return row is null ? null : new FollowUp(
            row.Id.ToString("N")[^8..].ToUpperInvariant(), row.SubmittedAt, row.CompanyName, row.Status, row.SentAt, institutions);
    }

    private sealed record Row(Guid Id, DateTime SubmittedAt, string? CompanyName, string Status, DateTime? SentAt);
}
