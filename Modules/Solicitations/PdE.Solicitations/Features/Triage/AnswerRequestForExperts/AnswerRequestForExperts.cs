using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.AnswerRequestForExperts;

/// <summary>
/// Gives the expert who opens a need how to reach the requester: name, e-mail and phone. Drafts are nobody's business.
/// (The company's facts travel with <see cref="SolicitationValidated"/>: Matching keeps them on the need.)
/// </summary>
internal sealed class AnswerRequestForExpertsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetRequesterContact, RequesterContact?>
{
    private const string Contact = """
        select full_name as FullName, email as Email, phone as Phone
        from solicitations.solicitation
        where id = @SolicitationId and status <> 'draft'
        """;

    public async ValueTask<RequesterContact?> Handle(GetRequesterContact query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RequesterContact>(
            new CommandDefinition(Contact, new { query.SolicitationId }, cancellationToken: cancellationToken));
    }
}
