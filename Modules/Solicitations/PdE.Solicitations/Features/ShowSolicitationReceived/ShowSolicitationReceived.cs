using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.ShowSolicitationReceived;

internal sealed record GetSolicitationReceipt(Guid Id) : IQuery<SolicitationReceipt?>;

internal sealed record SolicitationReceipt(Guid Id, DateTime CreatedAt)
{
    /// <summary>The short reference quoted to the team on the phone.</summary>
    public string Reference => Id.ToString("N")[^8..].ToUpperInvariant();
}

internal sealed class GetSolicitationReceiptHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetSolicitationReceipt, SolicitationReceipt?>
{
    private const string FindReceipt = "select id, created_at as CreatedAt from solicitations.solicitation where id = @Id";

    public async ValueTask<SolicitationReceipt?> Handle(GetSolicitationReceipt query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SolicitationReceipt>(
            new CommandDefinition(FindReceipt, new { query.Id }, cancellationToken: cancellationToken));
    }
}
