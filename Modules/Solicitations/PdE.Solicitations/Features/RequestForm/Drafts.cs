using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.RequestForm;

/// <summary>A request as its private link finds it, draft or already sent: what the three steps show and check.</summary>
internal sealed record GetSolicitationByToken(string Token) : IQuery<SolicitationDraft?>;

internal sealed record SolicitationDraft(
    Guid Id,
    string Status,
    string SubjectSlug,
    string FullName,
    string Email,
    string Phone,
    string? Siret,
    string? CompanyName,
    string? CommuneCode,
    int? Amount,
    bool RegistryPending,
    string? Description,
    string Answers)
{
    public const string Draft = "draft";
    public const string Received = "received";

    public bool IsDraft => Status == Draft;

    /// <summary>Step 2 is done once an establishment (or a commune) is known.</summary>
    public bool HasPlace => Siret is not null || CommuneCode is not null;
}

internal sealed class GetSolicitationByTokenHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetSolicitationByToken, SolicitationDraft?>
{
    private const string FindByToken = """
        select id as Id, status as Status, subject_slug as SubjectSlug, full_name as FullName, email as Email, phone as Phone,
               siret as Siret, company_name as CompanyName, commune_code as CommuneCode, amount as Amount,
               registry_pending as RegistryPending, description as Description, answers::text as Answers
        from solicitations.solicitation
        where resume_token_hash = @Hash
           or id = (select l.solicitation_id from solicitations.resume_link l where l.token_hash = @Hash)
        """;

    public async ValueTask<SolicitationDraft?> Handle(GetSolicitationByToken query, CancellationToken cancellationToken)
    {
        if (!PrivateLinkToken.LooksValid(query.Token))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SolicitationDraft>(
            new CommandDefinition(FindByToken, new { Hash = PrivateLinkToken.Hash(query.Token) }, cancellationToken: cancellationToken));
    }
}
