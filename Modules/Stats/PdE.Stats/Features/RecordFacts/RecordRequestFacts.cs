using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;
using PdE.Stats.Data;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.RecordFacts;

/// <summary>
/// Keeps one row per request received (<c>stats.request_fact</c>): its subject, département, size and activity. The team's
/// validation may change the subject, and the registry fill a pending company: the validation's facts replace the
/// sending's. Either event may come first or twice; the row ends the same.
/// </summary>
internal sealed class RecordRequestFactsHandler(NpgsqlDataSource dataSource, ActivityFolder folder)
    : INotificationHandler<SolicitationSubmitted>, INotificationHandler<SolicitationValidated>
{
    private const string Received = """
        insert into stats.request_fact (solicitation_id, received_at, siret, subject_slug, departement, headcount_bracket, naf_section)
        values (@SolicitationId, @ReceivedAt, @Siret, @SubjectSlug, @Departement, @HeadcountBracket, @NafSection)
        on conflict (solicitation_id) do nothing
        """;

    private const string Validated = """
        insert into stats.request_fact (solicitation_id, received_at, siret, subject_slug, departement, headcount_bracket, naf_section)
        values (@SolicitationId, @ReceivedAt, @Siret, @SubjectSlug, @Departement, @HeadcountBracket, @NafSection)
        on conflict (solicitation_id) do update
        set subject_slug = excluded.subject_slug,
            siret = coalesce(excluded.siret, request_fact.siret),
            departement = coalesce(excluded.departement, request_fact.departement),
            headcount_bracket = coalesce(excluded.headcount_bracket, request_fact.headcount_bracket),
            naf_section = coalesce(excluded.naf_section, request_fact.naf_section)
        """;

    public ValueTask Handle(SolicitationSubmitted submitted, CancellationToken cancellationToken) =>
        WriteAsync(Received, submitted.SolicitationId, submitted.SubmittedAt, submitted.Siret, submitted.SubjectSlug, submitted.CommuneCode, submitted.Company,
            cancellationToken);

    public ValueTask Handle(SolicitationValidated validated, CancellationToken cancellationToken) =>
        WriteAsync(Validated, validated.SolicitationId, validated.SubmittedAt ?? validated.ValidatedAt, validated.Siret, validated.SubjectSlug, validated.CommuneCode,
            validated.Company, cancellationToken);

    private async ValueTask WriteAsync(
        string sql, Guid solicitationId, DateTime receivedAt, string siret, string subjectSlug, string? communeCode, CompanyFacts? company,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            SolicitationId = solicitationId,
            ReceivedAt = DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc),
            Siret = string.IsNullOrWhiteSpace(siret) ? null : siret.Trim(),
            SubjectSlug = subjectSlug,
            Departement = InseeCodes.DepartementOf(communeCode),
            company?.HeadcountBracket,
            NafSection = CompanyCategories.NafSectionOf(company?.NafCode),
        }, cancellationToken: cancellationToken));
        folder.Nudge();
    }
}
