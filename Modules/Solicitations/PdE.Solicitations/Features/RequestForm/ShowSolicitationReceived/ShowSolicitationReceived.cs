using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.RequestForm.ShowSolicitationReceived;

/// <summary>A sent request's receipt; null for an unknown id or a draft.</summary>
internal sealed record GetSolicitationReceipt(Guid Id) : IQuery<SolicitationReceipt?>;

internal sealed record SolicitationReceipt(Guid Id, DateTime CreatedAt, string SubjectSlug, string? CommuneCode)
{
    /// <summary>The short reference quoted to the team on the phone.</summary>
    public string Reference => Id.ToString("N")[^8..].ToUpperInvariant();
}

internal sealed class GetSolicitationReceiptHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetSolicitationReceipt, SolicitationReceipt?>
{
    private const string FindReceipt = """
        select id as Id, created_at as CreatedAt, subject_slug as SubjectSlug, commune_code as CommuneCode
        from solicitations.solicitation
        where id = @Id and status <> 'draft'
        """;

    public async ValueTask<SolicitationReceipt?> Handle(GetSolicitationReceipt query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SolicitationReceipt>(
            new CommandDefinition(FindReceipt, new { query.Id }, cancellationToken: cancellationToken));
    }
}
