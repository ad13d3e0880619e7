using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Matching.Data;
using PdE.Matching.Routing;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Features.RouteValidatedSolicitation;

/// <summary>
/// Turns a request the team validated on the triage desk into a need, with the experts routing proposes as drafts, each
/// with its explanation (routing follows validation, not submission: a request the team drops or a blocked sender is never
/// routed). « Valider et transmettre » sends the drafts at once; « Valider et orienter » leaves them for the team to review
/// on the routing page. A need nobody covers keeps status 'no_expert', with no draft, for the team to route by hand there.
/// </summary>
internal sealed class RouteValidatedSolicitationHandler(
    NpgsqlDataSource dataSource, RoutingProposer proposer, NeedDrafts drafts, TimeProvider clock, ILogger<RouteValidatedSolicitationHandler> logger)
    : INotificationHandler<SolicitationValidated>
{
    /// <summary>
    /// The receiver name recorded in matching.inbox_message before this slice was renamed: kept, so an event processed
    /// under it is still recognised on redelivery (otherwise its need, already there, would fail to insert on every retry).
    /// </summary>
    private const string Receiver = "RouteSubmittedSolicitationHandler";

    private const string InsertNeed = """
        insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, naf_code, headcount_bracket,
                                   company_created_on, legal_form_code, in_rcs, in_rm, description, status, created_at, requested_at, answers)
        values (@Id, @SolicitationId, @SubjectSlug, @Siret, @CompanyName, @CommuneCode, @NafCode, @HeadcountBracket,
                @CompanyCreatedOn, @LegalFormCode, @InRcs, @InRm, @Description, 'no_expert', @CreatedAt, @RequestedAt, @Answers::jsonb)
        """;

    public async ValueTask Handle(SolicitationValidated validated, CancellationToken cancellationToken)
    {
        var now = validated.AsOf is { } asOf ? DateTime.SpecifyKind(asOf, DateTimeKind.Utc) : clock.GetUtcNow().UtcDateTime;
        var need = new RoutedNeed
        {
            Id = Guid.CreateVersion7(),
            SolicitationId = validated.SolicitationId,
            SubjectSlug = validated.SubjectSlug,
            Siret = validated.Siret,
            CompanyName = validated.Company?.Name,
            CommuneCode = validated.CommuneCode,
            // Kept for the need page, which describes the company from this row, and for routing a need the team adds later.
            NafCode = validated.Company?.NafCode,
            HeadcountBracket = validated.Company?.HeadcountBracket,
            CompanyCreatedOn = validated.Company?.CreatedOn,
            LegalFormCode = validated.Company?.LegalFormCode,
            InRcs = validated.InRcs,
            InRm = validated.InRm,
            Description = validated.Description,
            RequestedAt = validated.SubmittedAt,
            AnswersJson = JsonSerializer.Serialize(validated.Answers ?? []),
        };
        var proposal = await proposer.ProposeAsync(need.ForRouting(DateOnly.FromDateTime(now)), cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(MatchingSchema.Name, validated.EventId, Receiver))
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertNeed, new
        {
            need.Id, need.SolicitationId, need.SubjectSlug, need.Siret, need.CompanyName, need.CommuneCode, need.NafCode, need.HeadcountBracket,
            need.CompanyCreatedOn, need.LegalFormCode, need.InRcs, need.InRm, need.Description, CreatedAt = now, need.RequestedAt,
            Answers = need.AnswersJson,
        }, transaction, cancellationToken: cancellationToken));
        await NeedDrafts.AddAsync(transaction, need.Id, proposal.Proposed.Select(DraftExpert.Proposed), now, cancellationToken);
        var sent = validated.SendAtOnce ? await drafts.SendAsync(transaction, need, matchIds: null, now, cancellationToken) : 0;
        await transaction.CommitAsync(cancellationToken);

        if (validated.SendAtOnce && sent == 0)
        {
            // The desk checked there was someone just before; the directory changed in between. The routing page shows it.
            logger.LogWarning("Need {NeedId} of request {SolicitationId} was to be sent at once but routing proposed nobody",
                need.Id, validated.SolicitationId);
        }
    }
}
