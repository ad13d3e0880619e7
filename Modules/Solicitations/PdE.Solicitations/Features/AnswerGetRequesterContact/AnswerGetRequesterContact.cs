using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.AnswerGetRequesterContact;

/// <summary>Gives the expert who opens a need the requester's name, e-mail and phone (drafts are nobody's business).</summary>
internal sealed class AnswerGetRequesterContactHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetRequesterContact, RequesterContact?>
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
