using Dapper;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Web;
using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

namespace PdE.Solicitations.Features.PartnerApi.ShowPartnerSolicitation;

/// <summary>
/// <c>GET /api/v1/solicitations/{id}</c>: where a request the partner sent stands (API.md), as its requester's follow-up page
/// tells it, without the advisors' names. Any key of the institution that sent it may read it; for anyone else the request
/// does not exist (404), so that ids cannot be probed.
/// </summary>
internal static class ShowPartnerSolicitationEndpoint
{
    public const string Route = "/api/v1/solicitations/{id:guid}";

    public static async Task<IResult> HandleAsync(
        HttpContext http, Guid id, [FromServices] IMediator mediator, [FromServices] ValidPartnerKeys validKeys, [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ShowPartnerSolicitationEndpoint));
        var (caller, refusal) = await PartnerApiAccess.AuthenticateAsync(http, mediator, validKeys, logger, cancellationToken);
        if (caller is null)
        {
            return refusal!;
        }

        if (await mediator.Send(new GetPartnerSolicitation(id, caller.InstitutionId), cancellationToken) is { } solicitation)
        {
            return Results.Ok(solicitation);
        }

        logger.LogInformation("Partner API: {Institution} (key {KeyPrefix}) asked for request {SolicitationId}, which it did not send",
            caller.InstitutionName, caller.KeyPrefix, id);
        return ApiProblem.Result(StatusCodes.Status404NotFound, "Demande introuvable",
            "Aucune demande envoyée par votre institution ne porte cet identifiant : vérifiez celui que la création de la demande a renvoyé.");
    }
}

/// <summary>A request the partner sent, as it stands.</summary>
/// <param name="Status"><c>received</c> (the team has not decided yet), <c>validated</c> (accepted, sent or being sent to
/// advisors) or <c>canceled</c> (the team did not take it further and told the requester why).</param>
/// <param name="Subject">The subject's slug, as the team left it.</param>
/// <param name="SentAt">When it was first sent to advisors; null until then.</param>
/// <param name="Institutions">The institutions it was sent to, with how many of their advisors.</param>
/// <param name="Answers">The advisors' answers, first taken first.</param>
internal sealed record ApiSolicitation(
    Guid Id, string Status, DateTime SubmittedAt, string Subject, DateTime? SentAt, IReadOnlyList<ApiInstitutionReached> Institutions,
    IReadOnlyList<ApiAnswer> Answers);

internal sealed record ApiInstitutionReached(string Name, int Advisors);

/// <param name="Status">In Matching's words: <c>taking_care</c>, <c>done</c>, <c>done_no_help</c>, <c>done_not_reachable</c> or
/// <c>not_for_me</c> (declined).</param>
internal sealed record ApiAnswer(string Institution, string Status, DateTime? TakenAt, DateTime? ClosedAt);

internal sealed record GetPartnerSolicitation(Guid Id, Guid InstitutionId) : IQuery<ApiSolicitation?>;

internal sealed class GetPartnerSolicitationHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPartnerSolicitation, ApiSolicitation?>
{
    // A request set aside (the blocklist) reads « received », as its creation said: senders are never told.
    private const string Details = """
        select s.id as Id, case when s.status = 'blocked' then 'received' else s.status end as Status, s.submitted_at as SubmittedAt,
               s.subject_slug as Subject,
               case when s.status <> 'blocked' then (select min(m.created_at) from solicitations.follow_up_match m where m.solicitation_id = s.id) end as SentAt
        from solicitations.solicitation s join solicitations.partner_api_key k on k.id = s.partner_api_key_id
        where s.id = @Id and k.institution_id = @InstitutionId and s.status <> 'draft';

        select m.institution_name as Name, count(*)::int as Advisors
        from solicitations.follow_up_match m
        where m.solicitation_id = @Id
        group by m.institution_name
        order by m.institution_name collate "fr-x-icu";

        select m.institution_name as Institution, m.status as Status, m.taken_at as TakenAt, m.closed_at as ClosedAt
        from solicitations.follow_up_match m
        where m.solicitation_id = @Id and m.status <> 'quo'
        order by coalesce(m.taken_at, m.closed_at), m.match_id;
        """;

    public async ValueTask<ApiSolicitation?> Handle(GetPartnerSolicitation query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Details, query, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<Row>();
        var institutions = (await results.ReadAsync<ApiInstitutionReached>()).AsList();
        var answers = (await results.ReadAsync<ApiAnswer>()).AsList();
        return row is null ? null
            : new ApiSolicitation(row.Id, row.Status, row.SubmittedAt, row.Subject, row.SentAt, row.SentAt is null ? [] : institutions, row.SentAt is null ? [] : answers);
    }

    private sealed record Row(Guid Id, string Status, DateTime SubmittedAt, string Subject, DateTime? SentAt);
}
