using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Triage.TriageSolicitations;

namespace PdE.Solicitations.Features.Triage.AnswerRequestExport;

/// <summary>The requests an export lists, with their requester's contact, for the module that writes the file (Stats).</summary>
internal sealed class AnswerRequestExportHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetRequestsForExport, IReadOnlyList<RequestForExport>>
{
    private const string Rows = """
        select id as SolicitationId, submitted_at as SubmittedAt, status as Status, subject_slug as SubjectSlug,
               nullif(trim(siret), '') as Siret, company_name as CompanyName, commune_code as CommuneCode, naf_code as NafCode,
               headcount_bracket as HeadcountBracket, full_name as FullName, email as Email, phone as Phone, description as Description,
               landing_slug as LandingSlug, origin_page as OriginPage, utm_campaign as Campaign, tags as Tags
        from solicitations.solicitation
        where id = any(@Ids) and status in ('received', 'validated', 'canceled') and submitted_at is not null
        """;

    public async ValueTask<IReadOnlyList<RequestForExport>> Handle(GetRequestsForExport query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(Rows, new { Ids = query.SolicitationIds.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new RequestForExport(r.SolicitationId, r.SubmittedAt, TriageTabs.StatusLabel(r.Status), r.SubjectSlug, r.Siret, r.CompanyName,
            r.CommuneCode, r.NafCode, r.HeadcountBracket, r.FullName, r.Email, r.Phone, r.Description, r.LandingSlug, r.OriginPage,
            r.Campaign, r.Tags))];
    }

    private sealed class Row
    {
        public Guid SolicitationId { get; init; }
        public DateTime SubmittedAt { get; init; }
        public string Status { get; init; } = "";
        public string SubjectSlug { get; init; } = "";
        public string? Siret { get; init; }
        public string? CompanyName { get; init; }
        public string? CommuneCode { get; init; }
        public string? NafCode { get; init; }
        public string? HeadcountBracket { get; init; }
        public string FullName { get; init; } = "";
        public string Email { get; init; } = "";
        public string Phone { get; init; } = "";
        public string Description { get; init; } = "";
        public string? LandingSlug { get; init; }
        public string? OriginPage { get; init; }
        public string? Campaign { get; init; }
        public string[] Tags { get; init; } = [];
    }
}
