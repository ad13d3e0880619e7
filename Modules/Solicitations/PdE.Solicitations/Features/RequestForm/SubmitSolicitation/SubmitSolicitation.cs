using System.Text.Json;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.FollowUp;
using PdE.Solicitations.Features.Spam;

namespace PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

/// <summary>One yes/no question of the subject as asked, with the answer (null: not answered).</summary>
internal sealed record QuestionAnswer(string Slug, string Question, bool? Answer);

/// <summary>
/// Step 3, the last: the description and the subject's yes/no questions. Turns the draft into a received request and
/// emits <see cref="SolicitationSubmitted"/> with the company facts.
/// </summary>
/// <param name="Prompt">The subject's pre-filled text, refused if sent back unchanged.</param>
internal sealed record SubmitSolicitationCommand(Guid Id, string Description, string? Prompt, IReadOnlyList<QuestionAnswer> Answers)
    : ICommand<bool>;

internal sealed class SubmitSolicitationValidator : AbstractValidator<SubmitSolicitationCommand>
{
    public const string UnchangedPrompt = "Complétez le texte proposé avec votre propre situation : il n’a pas été modifié.";

    public SubmitSolicitationValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Description)
            .NotEmpty().WithMessage("Décrivez votre besoin en quelques phrases.")
            .Must((c, description) => c.Prompt is null || !SameText(description, c.Prompt)).WithMessage(UnchangedPrompt)
            .MinimumLength(20).WithMessage("Décrivez votre besoin en quelques phrases (20 caractères au moins).")
            .MaximumLength(5000).WithMessage("Votre description ne doit pas dépasser 5 000 caractères.");
        RuleForEach(c => c.Answers)
            .Must(a => a.Answer is not null).WithMessage("Répondez par oui ou par non.");
    }

    /// <summary>Spaces and case aside: a prompt with a space added is still unchanged.</summary>
    private static bool SameText(string a, string b) =>
        string.Equals(Squeeze(a), Squeeze(b), StringComparison.OrdinalIgnoreCase);

    private static string Squeeze(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', '…', ' ');
}

internal sealed class SubmitSolicitationHandler(NpgsqlDataSource dataSource, TimeProvider clock, FollowUpLinks followUp)
    : ICommandHandler<SubmitSolicitationCommand, bool>
{
    // Only a complete draft is sent: step 2 must be done (an establishment or a commune), and a request is sent once.
    // A sender on the blocklist is kept as 'blocked' (set aside on the triage desk) and nothing is emitted.
    private const string FindSender = "select email as Email, siret as Siret from solicitations.solicitation where id = @Id and status = 'draft' for update";

    private const string Submit = """
        update solicitations.solicitation
        set description = @Description, answers = @Answers::jsonb, status = @Status, blocked_reason = @BlockedReason,
            submitted_at = @Now, updated_at = @Now, follow_up_token_hash = @FollowUpHash
        where id = @Id and status = 'draft' and (siret is not null or commune_code is not null)
        returning id as Id, email as Email, full_name as FullName, siret as Siret, subject_slug as SubjectSlug, commune_code as CommuneCode, amount as Amount,
                  company_name as CompanyName, naf_code as NafCode, legal_form_code as LegalFormCode,
                  headcount_bracket as HeadcountBracket, company_created_on as CreatedOn, registry_pending as RegistryPending
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>False when there was no complete draft to send (already sent, or step 2 not done).</returns>
    public async ValueTask<bool> Handle(SubmitSolicitationCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SubmitAsync(connection, transaction, command, followUp, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Sends the draft in the caller's transaction (the form's own, or the partner API's one for all three steps), which
    /// the caller commits: the request's new status, its event and its follow-up link, or nothing.
    /// </summary>
    /// <returns>False when there was no complete draft to send: nothing was written.</returns>
    public static async Task<bool> SubmitAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SubmitSolicitationCommand command, FollowUpLinks followUp, DateTime now,
        CancellationToken cancellationToken)
    {
        var sender = await connection.QuerySingleOrDefaultAsync<SenderRow>(new CommandDefinition(
            FindSender, new { command.Id }, transaction, cancellationToken: cancellationToken));
        var blocked = sender is null ? null : await Blocklist.FindAsync(connection, transaction, sender.Email, sender.Siret, cancellationToken);
        // The follow-up link's hash is written with the request (a second update would write every index entry again).
        var followUpToken = blocked is null ? PrivateLinkToken.Create() : null;
        var sent = await connection.QuerySingleOrDefaultAsync<SentRow>(new CommandDefinition(Submit, new
        {
            command.Id,
            command.Description,
            Answers = JsonSerializer.Serialize(command.Answers, Json),
            Status = blocked is null ? "received" : "blocked",
            BlockedReason = blocked?.Reason,
            FollowUpHash = followUpToken is null ? null : PrivateLinkToken.Hash(followUpToken),
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
        if (sent is null)
        {
            return false;
        }

        if (followUpToken is not null)
        {
            await AnnounceAsync(transaction, sent, command.Description, followUpToken, followUp, now);
        }

        return true;
    }

    /// <summary>
    /// The events of a request just written as received, with its follow-up link's hash (<paramref name="followUpToken"/>):
    /// <see cref="SolicitationSubmitted"/> with the company facts, then the link's.
    /// </summary>
    public static async Task AnnounceAsync(
        NpgsqlTransaction transaction, SentRow sent, string description, string followUpToken, FollowUpLinks followUp, DateTime now)
    {
        var company = sent.Siret is null
            ? null
            : new CompanyFacts(sent.CompanyName, sent.NafCode, sent.LegalFormCode, sent.HeadcountBracket, sent.CreatedOn);
        await transaction.EnqueueAsync(SolicitationsSchema.Name,
            new SolicitationSubmitted(
                Guid.CreateVersion7(), sent.Id, sent.Siret ?? "", sent.SubjectSlug, description, now,
                sent.CommuneCode, company, sent.Amount, sent.RegistryPending),
            followUp.LinkIssued(sent.Id, sent.Email, sent.FullName, now, followUpToken, isResend: false));
    }

    private sealed record SenderRow(string Email, string? Siret);

    /// <summary>What <see cref="AnnounceAsync"/> tells of a request written as received (the columns SQL returns).</summary>
    internal sealed record SentRow(
        Guid Id, string Email, string FullName, string? Siret, string SubjectSlug, string? CommuneCode, int? Amount, string? CompanyName, string? NafCode,
        string? LegalFormCode, string? HeadcountBracket, DateOnly? CreatedOn, bool RegistryPending);
}

/// <summary>
/// Keeps what was typed at step 3 when it cannot be sent yet (an error to fix), so that the resume link brings it back.
/// Saves without validating, bounded to the form's own limit.
/// </summary>
internal sealed record SaveDescriptionDraftCommand(Guid Id, string Description, IReadOnlyList<QuestionAnswer> Answers) : ICommand;

internal sealed class SaveDescriptionDraftHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<SaveDescriptionDraftCommand>
{
    private const string Save = """
        update solicitations.solicitation
        set description = nullif(left(@Description, 5000), ''), answers = @Answers::jsonb, updated_at = @Now
        where id = @Id and status = 'draft'
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<Unit> Handle(SaveDescriptionDraftCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Save, new
        {
            command.Id,
            command.Description,
            Answers = JsonSerializer.Serialize(command.Answers, Json),
            Now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: cancellationToken));
        return Unit.Value;
    }
}
