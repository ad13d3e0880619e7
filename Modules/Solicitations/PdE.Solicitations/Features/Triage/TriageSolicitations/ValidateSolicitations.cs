using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>
/// Validate: the requests go to Matching (<see cref="SolicitationValidated"/>), which routes them to experts.
/// « Valider et transmettre » (<paramref name="SendAtOnce"/>) sends each request to the experts routing proposes; a request
/// no expert covers is not validated: it stays received, marked « À orienter » with the reason, so the desk never
/// reports as sent a request that would reach nobody. « Valider et orienter » validates without sending: the team reviews
/// the proposal on the routing page, adds or removes experts, and sends from there.
/// </summary>
internal sealed record ValidateSolicitationsCommand(TriageSelection Selection, bool SendAtOnce = true) : ICommand<TriageResult>;

internal sealed class ValidateSolicitationsHandler(NpgsqlDataSource dataSource, IMediator mediator, TimeProvider clock)
    : ICommandHandler<ValidateSolicitationsCommand, TriageResult>
{
    private const string SetValidated = """
        update solicitations.solicitation
        set status = 'validated', validated_at = @Now, updated_at = @Now, to_route_reason = null, to_route_at = null
        where id = any(@Ids)
        """;

    private const string SetToRoute = """
        update solicitations.solicitation set to_route_reason = @Reason, to_route_at = @Now, updated_at = @Now where id = @Id
        """;

    public async ValueTask<TriageResult> Handle(ValidateSolicitationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync(command.Selection.Ids, requiredStatus: "received") is { } refusal)
        {
            return refusal;
        }

        var routable = new List<LockedRequest>();
        var toRoute = new List<(LockedRequest Request, string Reason)>();
        var toSupport = 0;
        foreach (var request in triage.Requests)
        {
            if (!command.SendAtOnce)
            {
                routable.Add(request);
                continue;
            }

            var preview = await mediator.Send(new PreviewRouting(
                request.SubjectSlug, request.CommuneCode, request.CreatedOn, request.HeadcountBracket, request.NafCode, request.LegalFormCode,
                request.InRcs, request.InRm, request.Answers.Select(a => new RoutingAnswer(a.Slug, a.Question, a.Answer)).ToList()), cancellationToken);
            if (preview.ExpertCount > 0)
            {
                routable.Add(request);
                toSupport += preview.UsedSupportFallback ? 1 : 0;
            }
            else
            {
                toRoute.Add((request, preview.WhyNobody ?? "Aucun conseiller de l’annuaire ne couvre cette demande."));
            }
        }

        await triage.Connection.ExecuteAsync(SetValidated, new { Ids = routable.Select(r => r.Id).ToArray(), Now = now }, triage.Transaction);
        foreach (var request in routable)
        {
            await triage.Transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationValidated(
                Guid.CreateVersion7(), request.Id, request.SubjectSlug, request.Siret ?? "", request.CommuneCode, request.Company, request.Description ?? "", now, request.SubmittedAt, request.Answers,
                request.InRcs, request.InRm, command.SendAtOnce));
        }

        await triage.RecordAsync(routable.Select(r => r.Id), now, command.Selection.Actor, "validated", null);
        foreach (var (request, reason) in toRoute)
        {
            await triage.Connection.ExecuteAsync(SetToRoute, new { request.Id, Reason = reason, Now = now }, triage.Transaction);
            await triage.RecordAsync([request.Id], now, command.Selection.Actor, "to_route", reason);
        }

        await triage.Transaction.CommitAsync(cancellationToken);
        if (!command.SendAtOnce)
        {
            return TriageResult.Done(routable.Count, "demande validée : choisissez ses conseillers puis transmettez-la",
                "demandes validées : choisissez leurs conseillers puis transmettez-les");
        }

        return Outcome(routable.Count, toRoute, toSupport);
    }

    private static TriageResult Outcome(int validated, List<(LockedRequest Request, string Reason)> toRoute, int toSupport)
    {
        // Said plainly: the support experts are the team's fallback, not the subject's experts.
        var support = toSupport == 0 ? ""
            : validated == 1 ? " Aucun conseiller du sujet ne convenait : elle a été transmise au conseiller support."
            : toSupport == 1 ? " L’une d’elles, qu’aucun conseiller du sujet ne couvrait, a été transmise au conseiller support."
            : $" {toSupport} d’entre elles, qu’aucun conseiller du sujet ne couvrait, ont été transmises au conseiller support.";
        if (toRoute.Count == 0)
        {
            return TriageResult.Done(validated == 1
                ? "1 demande validée et transmise aux conseillers." + support
                : $"{validated} demandes validées et transmises aux conseillers." + support);
        }

        var left = toRoute.Count == 1 && validated == 0
            ? $"Demande laissée « À orienter » : {toRoute[0].Reason} Elle n’a été transmise à personne."
            : toRoute.Count == 1
                ? "1 demande laissée « À orienter » : aucun conseiller ne la couvre (le motif est sur la demande)."
                : $"{toRoute.Count} demandes laissées « À orienter » : aucun conseiller ne les couvre (le motif est sur chaque demande).";
        return validated == 0
            ? TriageResult.Refused(left)
            : TriageResult.Done($"{(validated == 1 ? "1 demande validée et transmise" : $"{validated} demandes validées et transmises")} aux conseillers.{support} {left}");
    }
}
