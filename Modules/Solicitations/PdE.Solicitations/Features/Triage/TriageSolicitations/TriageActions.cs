using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.FollowUp;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>The requests an action applies to (one from its page, or those ticked on the desk), and who acts.</summary>
internal sealed record TriageSelection(IReadOnlyList<Guid> Ids, string Actor);

/// <summary>What an action did, or why it was refused (then nothing changed), in French.</summary>
internal sealed record TriageResult(bool Succeeded, string Message)
{
    public static TriageResult Refused(string message) => new(false, message);
}

/// <summary>Validate: the requests go to Matching (<see cref="SolicitationValidated"/>), which routes them to experts.</summary>
internal sealed record ValidateSolicitationsCommand(TriageSelection Selection) : ICommand<TriageResult>;

/// <summary>Cancel (abandon) with a canned reply e-mailed to each requester (<see cref="SolicitationCanceled"/>).</summary>
internal sealed record CancelSolicitationsCommand(TriageSelection Selection, string? ReplyKey) : ICommand<TriageResult>;

/// <summary>
/// Release requests set aside (a blocked sender) into the received ones, to be triaged normally: the requester then gets
/// what any sender gets (<see cref="SolicitationSubmitted"/>, the follow-up link). The blocklist itself is left as it is.
/// </summary>
internal sealed record ReleaseSolicitationsCommand(TriageSelection Selection) : ICommand<TriageResult>;

/// <summary>Put a tag on the requests, or take it off.</summary>
internal sealed record TagSolicitationsCommand(TriageSelection Selection, string? Tag, bool Remove = false) : ICommand<TriageResult>;

/// <summary>Move a received request to another subject of the public catalogue (<paramref name="CatalogueSubjects"/>: its slugs).</summary>
internal sealed record ChangeSubjectCommand(Guid Id, string? SubjectSlug, IReadOnlyCollection<string> CatalogueSubjects, string Actor)
    : ICommand<TriageResult>;

/// <summary>A comment of the team on the request's timeline.</summary>
internal sealed record CommentSolicitationCommand(Guid Id, string? Text, string Actor) : ICommand<TriageResult>;

/// <summary>
/// The triage actions. Each locks the requests, refuses the whole action when one of them cannot take it (nothing half
/// done), and records one timeline entry per request in the same transaction as the change and its events.
/// </summary>
internal sealed class TriageActionsHandler(NpgsqlDataSource dataSource, TimeProvider clock, FollowUpLinks followUp) :
    ICommandHandler<ValidateSolicitationsCommand, TriageResult>,
    ICommandHandler<CancelSolicitationsCommand, TriageResult>,
    ICommandHandler<ReleaseSolicitationsCommand, TriageResult>,
    ICommandHandler<TagSolicitationsCommand, TriageResult>,
    ICommandHandler<ChangeSubjectCommand, TriageResult>,
    ICommandHandler<CommentSolicitationCommand, TriageResult>
{
    public const int MaxTagLength = 40;
    public const int MaxCommentLength = 2000;

    private const string Lock = """
        select id as Id, status as Status, full_name as FullName, email as Email, siret as Siret, subject_slug as SubjectSlug,
               commune_code as CommuneCode, description as Description, company_name as CompanyName, naf_code as NafCode,
               legal_form_code as LegalFormCode, headcount_bracket as HeadcountBracket, company_created_on as CreatedOn,
               amount as Amount, registry_pending as RegistryPending, submitted_at as SubmittedAt, blocked_reason as BlockedReason
        from solicitations.solicitation
        where id = any(@Ids) and status <> 'draft'
        order by id
        for update
        """;

    private const string Record = """
        insert into solicitations.solicitation_event (id, solicitation_id, occurred_at, actor, action, detail)
        select gen_random_uuid(), unnest(@Ids), @Now, @Actor, @Action, @Detail
        """;

    private const string SetValidated = """
        update solicitations.solicitation set status = 'validated', validated_at = @Now, updated_at = @Now where id = any(@Ids)
        """;

    private const string SetCanceled = """
        update solicitations.solicitation
        set status = 'canceled', canceled_at = @Now, cancel_reply = @Reply, updated_at = @Now,
            tags = case when @Reply = any(tags) then tags else array_append(tags, @Reply) end
        where id = any(@Ids)
        """;

    private const string SetReleased = """
        update solicitations.solicitation set status = 'received', blocked_reason = null, updated_at = @Now where id = any(@Ids)
        """;

    private const string AddTag = """
        update solicitations.solicitation set tags = array_append(tags, @Tag), updated_at = @Now
        where id = any(@Ids) and not (@Tag = any(tags))
        """;

    private const string RemoveTag = """
        update solicitations.solicitation set tags = array_remove(tags, @Tag), updated_at = @Now where id = any(@Ids)
        """;

    private const string SetSubject = """
        update solicitations.solicitation set subject_slug = @Subject, updated_at = @Now where id = @Id
        """;

    public async ValueTask<TriageResult> Handle(ValidateSolicitationsCommand command, CancellationToken cancellationToken) =>
        await ActAsync(command.Selection, "validated", null, requiredStatus: "received", async (connection, transaction, rows, now) =>
        {
            var ids = rows.Select(r => r.Id).ToArray();
            await connection.ExecuteAsync(SetValidated, new { Ids = ids, Now = now }, transaction);
            foreach (var row in rows)
            {
                var company = row.Siret is null
                    ? null
                    : new CompanyFacts(row.CompanyName, row.NafCode, row.LegalFormCode, row.HeadcountBracket, row.CreatedOn);
                await transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationValidated(
                    Guid.CreateVersion7(), row.Id, row.SubjectSlug, row.Siret ?? "", row.CommuneCode, company, row.Description ?? "", now));
            }

            return Plural(rows.Count, "demande validée et transmise aux conseillers", "demandes validées et transmises aux conseillers");
        }, cancellationToken);

    public async ValueTask<TriageResult> Handle(CancelSolicitationsCommand command, CancellationToken cancellationToken)
    {
        if (CannedReplies.Find(command.ReplyKey) is not { } reply)
        {
            return TriageResult.Refused("Choisissez la réponse à envoyer au demandeur.");
        }

        return await ActAsync(command.Selection, "canceled", reply.Title, requiredStatus: "received", async (connection, transaction, rows, now) =>
        {
            await connection.ExecuteAsync(SetCanceled, new { Ids = rows.Select(r => r.Id).ToArray(), Now = now, Reply = reply.Key }, transaction);
            foreach (var row in rows)
            {
                await transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationCanceled(
                    Guid.CreateVersion7(), row.Id, row.Email, row.FullName, reply.Key, reply.Title, reply.Text, now));
            }

            return Plural(rows.Count, $"demande abandonnée, réponse « {reply.Title} » envoyée", $"demandes abandonnées, réponse « {reply.Title} » envoyée");
        }, cancellationToken);
    }

    public async ValueTask<TriageResult> Handle(ReleaseSolicitationsCommand command, CancellationToken cancellationToken) =>
        await ActAsync(command.Selection, "released", null, requiredStatus: "blocked", async (connection, transaction, rows, now) =>
        {
            await connection.ExecuteAsync(SetReleased, new { Ids = rows.Select(r => r.Id).ToArray(), Now = now }, transaction);
            foreach (var row in rows)
            {
                var company = row.Siret is null
                    ? null
                    : new CompanyFacts(row.CompanyName, row.NafCode, row.LegalFormCode, row.HeadcountBracket, row.CreatedOn);
                await transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationSubmitted(
                    Guid.CreateVersion7(), row.Id, row.Siret ?? "", row.SubjectSlug, row.Description ?? "", row.SubmittedAt,
                    row.CommuneCode, company, row.Amount, row.RegistryPending));
                await followUp.IssueAsync(transaction, row.Id, isResend: false);
            }

            return Plural(rows.Count, "demande remise dans les reçues", "demandes remises dans les reçues");
        }, cancellationToken, detailOf: row => row.BlockedReason is null ? null : $"mise de côté pour « {row.BlockedReason} »");

    public async ValueTask<TriageResult> Handle(TagSolicitationsCommand command, CancellationToken cancellationToken)
    {
        var tag = command.Tag?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(tag))
        {
            return TriageResult.Refused(command.Remove ? "Indiquez l’étiquette à retirer." : "Indiquez l’étiquette à ajouter.");
        }

        if (tag.Length > MaxTagLength)
        {
            return TriageResult.Refused($"Une étiquette ne doit pas dépasser {MaxTagLength} caractères.");
        }

        return await ActAsync(command.Selection, command.Remove ? "tag_removed" : "tag_added", tag, requiredStatus: null,
            async (connection, transaction, rows, now) =>
            {
                await connection.ExecuteAsync(command.Remove ? RemoveTag : AddTag, new { Ids = rows.Select(r => r.Id).ToArray(), Now = now, Tag = tag }, transaction);
                return command.Remove
                    ? Plural(rows.Count, $"demande sans l’étiquette « {tag} »", $"demandes sans l’étiquette « {tag} »")
                    : Plural(rows.Count, $"demande avec l’étiquette « {tag} »", $"demandes avec l’étiquette « {tag} »");
            }, cancellationToken);
    }

    public async ValueTask<TriageResult> Handle(ChangeSubjectCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.SubjectSlug) || !command.CatalogueSubjects.Contains(command.SubjectSlug))
        {
            return TriageResult.Refused("Choisissez un sujet du catalogue.");
        }

        return await ActAsync(new TriageSelection([command.Id], command.Actor), "subject_changed", null, requiredStatus: "received",
            async (connection, transaction, rows, now) =>
            {
                await connection.ExecuteAsync(SetSubject, new { command.Id, Now = now, Subject = command.SubjectSlug }, transaction);
                return "Sujet modifié.";
            }, cancellationToken, row => row.SubjectSlug == command.SubjectSlug ? "La demande porte déjà sur ce sujet." : null,
            row => $"{row.SubjectSlug} → {command.SubjectSlug}");
    }

    public async ValueTask<TriageResult> Handle(CommentSolicitationCommand command, CancellationToken cancellationToken)
    {
        var text = command.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return TriageResult.Refused("Écrivez votre commentaire.");
        }

        if (text.Length > MaxCommentLength)
        {
            return TriageResult.Refused($"Un commentaire ne doit pas dépasser {MaxCommentLength:N0} caractères.".Replace(",", " ", StringComparison.Ordinal));
        }

        return await ActAsync(new TriageSelection([command.Id], command.Actor), "comment", text, requiredStatus: null,
            (_, _, _, _) => Task.FromResult("Commentaire ajouté."), cancellationToken);
    }

    private delegate Task<string> Change(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LockedRow> rows, DateTime now);

    private async Task<TriageResult> ActAsync(
        TriageSelection selection, string action, string? detail, string? requiredStatus, Change change, CancellationToken cancellationToken,
        Func<LockedRow, string?>? refuse = null, Func<LockedRow, string?>? detailOf = null)
    {
        var ids = selection.Ids.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return TriageResult.Refused("Cochez au moins une demande.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<LockedRow>(Lock, new { Ids = ids }, transaction)).AsList();
        if (rows.Count != ids.Length)
        {
            return TriageResult.Refused("Une des demandes n’existe plus : rechargez la page.");
        }

        if (requiredStatus == "blocked" && rows.Count(r => r.Status != "blocked") is var notBlocked and > 0)
        {
            return TriageResult.Refused(notBlocked == 1 && rows.Count == 1
                ? "Cette demande n’est pas mise de côté : il n’y a rien à remettre dans les reçues. Rien n’a été fait."
                : $"{notBlocked} des demandes cochées ne sont pas mises de côté : rien n’a été fait. Décochez-les et recommencez.");
        }

        if (requiredStatus == "received" && rows.Count(r => r.Status != "received") is var done and > 0)
        {
            return TriageResult.Refused(done == 1 && rows.Count == 1
                ? "Cette demande n’est plus à traiter : elle a déjà été mise en relation, abandonnée ou mise de côté. Rien n’a été fait."
                : $"{done} des demandes cochées ne sont plus à traiter (déjà mises en relation, abandonnées ou mises de côté) : rien n’a été fait. Décochez-les et recommencez.");
        }

        if (refuse is not null && rows.Select(refuse).FirstOrDefault(r => r is not null) is { } refusal)
        {
            return TriageResult.Refused(refusal);
        }

        var message = await change(connection, transaction, rows, now);
        foreach (var group in rows.GroupBy(r => detailOf is null ? detail : detailOf(r)))
        {
            await connection.ExecuteAsync(Record, new
            {
                Ids = group.Select(r => r.Id).ToArray(), Now = now, selection.Actor, Action = action, Detail = group.Key,
            }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        return new TriageResult(true, message);
    }

    private static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}." : $"{count} {many}.";

    private sealed record LockedRow(
        Guid Id, string Status, string FullName, string Email, string? Siret, string SubjectSlug, string? CommuneCode, string? Description,
        string? CompanyName, string? NafCode, string? LegalFormCode, string? HeadcountBracket, DateOnly? CreatedOn,
        int? Amount, bool RegistryPending, DateTime SubmittedAt, string? BlockedReason);
}
