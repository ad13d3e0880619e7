using System.Text.Json;
using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Features.RouteValidatedSolicitation;

/// <summary>
/// Turns a request the team validated on the triage desk into a need and one match per expert the Directory proposes
/// (routing follows validation, not submission: a request the team drops or a blocked sender is never routed).
/// A request nobody covers is kept as a need with status 'no_expert' for the team to route by hand.
/// </summary>
internal sealed class RouteValidatedSolicitationHandler(NpgsqlDataSource dataSource, IMediator mediator, TimeProvider clock)
    : INotificationHandler<SolicitationValidated>
{
    /// <summary>
    /// The receiver name recorded in matching.inbox_message before this slice was renamed: kept, so an event processed
    /// under it is still recognised on redelivery (otherwise its need, already there, would fail to insert on every retry).
    /// </summary>
    private const string Receiver = "RouteSubmittedSolicitationHandler";

    private const string InsertNeed = """
        insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, naf_code, headcount_bracket,
                                   company_created_on, description, status, created_at, requested_at, answers)
        values (@Id, @SolicitationId, @SubjectSlug, @Siret, @CompanyName, @CommuneCode, @NafCode, @HeadcountBracket,
                @CompanyCreatedOn, @Description, @Status, @CreatedAt, @RequestedAt, @Answers::jsonb)
        """;

    private const string InsertMatch = """
        insert into matching.match
            (id, need_id, expert_id, expert_name, expert_email, antenne_id, antenne_name, institution_id, institution_name, created_at, sent_at)
        values (@Id, @NeedId, @ExpertId, @ExpertName, @ExpertEmail, @AntenneId, @AntenneName, @InstitutionId, @InstitutionName, @CreatedAt, @CreatedAt)
        """;

    public async ValueTask Handle(SolicitationValidated validated, CancellationToken cancellationToken)
    {
        // The directory's match filters need the company's facts (age, headcount, activity, legal form) as intake recorded them.
        var company = validated.Company is { } facts
            ? new PdE.Directory.Contracts.CompanyFacts(facts.CreatedOn, facts.HeadcountBracket, facts.NafCode, facts.LegalFormCode)
            : null;
        var experts = await mediator.Send(new FindExpertsForNeed(validated.SubjectSlug, validated.CommuneCode, company), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var needId = Guid.CreateVersion7();
        var (subjectLabel, place) = experts.Count == 0 ? (null, null) : await DescribeAsync(validated, cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(MatchingSchema.Name, validated.EventId, Receiver))
        {
            return;
        }

        await connection.ExecuteAsync(InsertNeed, new
        {
            Id = needId,
            validated.SolicitationId,
            validated.SubjectSlug,
            validated.Siret,
            CompanyName = validated.Company?.Name,
            validated.CommuneCode,
            // Kept for the need page, which describes the company from this row.
            validated.Company?.NafCode,
            validated.Company?.HeadcountBracket,
            CompanyCreatedOn = validated.Company?.CreatedOn,
            validated.Description,
            Status = experts.Count == 0 ? "no_expert" : "quo",
            CreatedAt = now,
            RequestedAt = validated.SubmittedAt,
            Answers = JsonSerializer.Serialize(validated.Answers ?? []),
        }, transaction);

        foreach (var expert in experts)
        {
            var matchId = Guid.CreateVersion7();
            await connection.ExecuteAsync(InsertMatch, new
            {
                Id = matchId,
                NeedId = needId,
                expert.ExpertId,
                ExpertName = expert.FullName,
                ExpertEmail = expert.Email,
                expert.AntenneId,
                expert.AntenneName,
                expert.InstitutionId,
                expert.InstitutionName,
                CreatedAt = now,
            }, transaction);
            await transaction.EnqueueAsync(MatchingSchema.Name, new MatchCreated(
                Guid.CreateVersion7(), matchId, needId, validated.SolicitationId, expert.ExpertId, expert.FullName, expert.Email,
                expert.InstitutionName, validated.Siret, validated.Description, now,
                validated.Company?.Name, subjectLabel, place, validated.SubmittedAt, $"/conseiller/besoins/{needId}"));
        }

        if (experts.Count > 0)
        {
            await transaction.EnqueueAsync(MatchingSchema.Name, new NeedRouted(Guid.CreateVersion7(), needId, validated.SolicitationId, experts.Count, now));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The subject and the commune in words, for the experts' e-mail (an expert reads « Rouen (76000) », not 76540).</summary>
    private async Task<(string? SubjectLabel, string? Place)> DescribeAsync(SolicitationValidated validated, CancellationToken cancellationToken)
    {
        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        var subject = catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == validated.SubjectSlug)?.Label;
        if (validated.CommuneCode is not { } code)
        {
            return (subject, null);
        }

        var communes = await mediator.Send(new GetCommuneNames([code]), cancellationToken);
        return (subject, communes.TryGetValue(code, out var commune) ? commune.WithPostcode : null);
    }
}
