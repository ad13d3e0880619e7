using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Web;
using PdE.Solicitations.Features.Companies;
using PdE.Solicitations.Features.FollowUp;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;
using PdE.Solicitations.Features.Spam;

namespace PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

/// <summary>The JSON body of <c>POST /api/v1/solicitations</c> (camelCase; API.md next to this file).</summary>
internal sealed record PartnerSolicitationRequest(
    PartnerContact? Contact,
    string? Siret,
    string? Subject,
    string? Description,
    Dictionary<string, bool?>? Answers,
    string? Landing,
    string? OriginUrl,
    string? Campaign);

internal sealed record PartnerContact(string? FullName, string? Email, string? Phone);

/// <summary>
/// A partner's request, validated: the form's three steps (contact, establishment, description) with their ids left empty,
/// run by <see cref="SubmitPartnerSolicitationHandler"/> in one transaction.
/// </summary>
internal sealed record SubmitPartnerSolicitationCommand(
    StartSolicitationCommand Start, ChooseEstablishmentCommand Choose, SubmitSolicitationCommand Submit) : ICommand<PartnerSubmission>;

/// <summary>What became of a partner's request: received, or refused with nothing written.</summary>
internal abstract record PartnerSubmission
{
    /// <summary>Received, or set aside when the sender is on the blocklist (the partner is never told).</summary>
    public sealed record Received(Guid Id, bool RegistryPending) : PartnerSubmission;

    public sealed record TooManyForEmail : PartnerSubmission;

    public sealed record EstablishmentRefused(EstablishmentChoice Choice) : PartnerSubmission;
}

/// <summary>
/// The form's three steps checked as the form checks them (the address' hourly limit, the registry's answer, the blocklist),
/// then the request written whole in one statement, with its events and its follow-up link, in one transaction: a partner
/// has no draft to resume, so the form's draft and its two updates (each writing every index entry of the row again) are
/// not written. A refusal or a failure half-way leaves nothing behind: a partner sends the whole request again.
/// </summary>
internal sealed class SubmitPartnerSolicitationHandler(
    NpgsqlDataSource dataSource, ICompanyRegistry registry, FollowUpLinks followUp, TimeProvider clock, IConfiguration configuration,
    ILogger<SubmitPartnerSolicitationHandler> logger) : ICommandHandler<SubmitPartnerSolicitationCommand, PartnerSubmission>
{
    // The same columns as the form's draft, establishment and last step together (StartSolicitation, ChooseCompany,
    // SubmitSolicitation), and the same facts returned as the last step's.
    private const string InsertSent = """
        insert into solicitations.solicitation
            (id, status, blocked_reason, full_name, email, phone, subject_slug, utm_source, utm_campaign, utm_term, origin_page, landing_slug,
             partner_api_key_id, partner_institution_id,
             siret, company_name, commune_code, naf_code, legal_form_code, headcount_bracket, company_created_on, registry_pending,
             description, answers, follow_up_token_hash, created_at, updated_at, submitted_at)
        values
            (@Id, @Status, @BlockedReason, @FullName, @Email, @Phone, @SubjectSlug, @UtmSource, @UtmCampaign, @UtmTerm, @OriginPage, @Landing,
             @PartnerApiKeyId, (select institution_id from solicitations.partner_api_key where id = @PartnerApiKeyId),
             @Siret, @CompanyName, @CommuneCode, @NafCode, @LegalFormCode, @HeadcountBracket, @CreatedOn, @RegistryPending,
             @Description, @Answers::jsonb, @FollowUpHash, @Now, @Now, @Now)
        returning id as Id, email as Email, full_name as FullName, siret as Siret, subject_slug as SubjectSlug, commune_code as CommuneCode,
                  amount as Amount, company_name as CompanyName, naf_code as NafCode, legal_form_code as LegalFormCode,
                  headcount_bracket as HeadcountBracket, company_created_on as CreatedOn, registry_pending as RegistryPending
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<PartnerSubmission> Handle(SubmitPartnerSolicitationCommand command, CancellationToken cancellationToken)
    {
        // The registry is asked before the transaction begins, so that no connection waits on it. Its refusal is answered
        // after the address' hourly limit, as the form's steps come in that order.
        var lookup = await registry.GetEstablishmentAsync(command.Choose.Siret, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, submit) = (command.Start, command.Submit);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await StartSolicitationHandler.TooManyForEmailAsync(
                connection, transaction, start.Email, StartSolicitationHandler.PerEmailPerHour(configuration), now, cancellationToken))
        {
            return new PartnerSubmission.TooManyForEmail();
        }

        var choice = ChooseEstablishmentHandler.ChoiceOf(lookup);
        if (choice is not (EstablishmentChoice.Saved or EstablishmentChoice.SavedPendingRegistry))
        {
            return new PartnerSubmission.EstablishmentRefused(choice);
        }

        var id = Guid.CreateVersion7();
        if (lookup.RegistryUnavailable)
        {
            logger.LogWarning("Company registry unavailable: request {SolicitationId} keeps SIRET {Siret} alone, flagged registry_pending", id, command.Choose.Siret);
        }

        // A sender on the blocklist is kept as 'blocked' (set aside on the triage desk), with no event and no link.
        var blocked = await Blocklist.FindAsync(connection, transaction, start.Email, command.Choose.Siret, cancellationToken);
        var followUpToken = blocked is null ? PrivateLinkToken.Create() : null;
        var establishment = lookup.Establishment;
        var sent = await connection.QuerySingleAsync<SubmitSolicitationHandler.SentRow>(new CommandDefinition(InsertSent, new
        {
            Id = id,
            Status = blocked is null ? "received" : "blocked",
            BlockedReason = blocked?.Reason,
            start.FullName,
            start.Email,
            start.Phone,
            start.SubjectSlug,
            start.Tracking.UtmSource,
            start.Tracking.UtmCampaign,
            start.Tracking.UtmTerm,
            start.Tracking.OriginPage,
            start.Tracking.Landing,
            start.Tracking.PartnerApiKeyId,
            command.Choose.Siret,
            establishment?.CompanyName,
            establishment?.CommuneCode,
            establishment?.NafCode,
            establishment?.LegalFormCode,
            establishment?.HeadcountBracket,
            establishment?.CreatedOn,
            RegistryPending = lookup.RegistryUnavailable,
            submit.Description,
            Answers = JsonSerializer.Serialize(submit.Answers, Json),
            FollowUpHash = followUpToken is null ? null : PrivateLinkToken.Hash(followUpToken),
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
        if (followUpToken is not null)
        {
            await SubmitSolicitationHandler.AnnounceAsync(transaction, sent, submit.Description, followUpToken, followUp, now);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PartnerSubmission.Received(sent.Id, choice == EstablishmentChoice.SavedPendingRegistry);
    }
}

/// <summary>Which partner is calling? Also records when the key was last used.</summary>
/// <param name="Key">The key as presented (null: none).</param>
internal sealed record AuthenticatePartnerKeyCommand(string? Key) : ICommand<PartnerKeyCheck>;

/// <param name="Caller">Null when refused.</param>
/// <param name="Refusal">Why it was refused, in English, for the operators' log only: the caller never learns it.</param>
internal sealed record PartnerKeyCheck(PartnerCaller? Caller, string? Refusal)
{
    public static PartnerKeyCheck Refused(string reason) => new(null, reason);
}

internal sealed record PartnerCaller(Guid KeyId, string KeyPrefix, string Label, Guid InstitutionId, string InstitutionName);

internal sealed class AuthenticatePartnerKeyHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<AuthenticatePartnerKeyCommand, PartnerKeyCheck>
{
    // Expiry is checked here, at every call, not by a nightly job: a key is refused the minute it expires. « Last used » is
    // written at most once a minute: a partner's parallel calls do not queue on the key's row to say the same thing.
    private const string Use = """
        with key as (
            select id, key_prefix, label, institution_id, institution_name, last_used_at
            from solicitations.partner_api_key
            where secret_hash = @Hash and revoked_at is null and expires_at > @Now
        ),
        touched as (
            update solicitations.partner_api_key k set last_used_at = @Now
            from key
            where k.id = key.id and (key.last_used_at is null or key.last_used_at < @Now - interval '1 minute')
        )
        select id as KeyId, key_prefix as KeyPrefix, label as Label, institution_id as InstitutionId, institution_name as InstitutionName
        from key
        """;

    private const string FindRefused = """
        select id as Id, key_prefix as KeyPrefix, institution_name as InstitutionName, expires_at as ExpiresAt,
               revoked_at as RevokedAt, revoked_by as RevokedBy
        from solicitations.partner_api_key where secret_hash = @Hash
        """;

    public async ValueTask<PartnerKeyCheck> Handle(AuthenticatePartnerKeyCommand command, CancellationToken cancellationToken)
    {
        if (command.Key is null)
        {
            return PartnerKeyCheck.Refused("no 'Authorization: Bearer <key>' header");
        }

        if (!PartnerApiKeySecret.LooksValid(command.Key))
        {
            return PartnerKeyCheck.Refused("malformed key (not 'pde_' and 43 base64url characters)");
        }

        var hash = PartnerApiKeySecret.Hash(command.Key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var caller = await connection.QuerySingleOrDefaultAsync<PartnerCaller>(new CommandDefinition(
            Use, new { Hash = hash, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        if (caller is not null)
        {
            return new PartnerKeyCheck(caller, null);
        }

        var refused = await connection.QuerySingleOrDefaultAsync<RefusedKey>(new CommandDefinition(
            FindRefused, new { Hash = hash }, cancellationToken: cancellationToken));
        return PartnerKeyCheck.Refused(refused switch
        {
            null => $"unknown key {PartnerApiKeySecret.PrefixOf(command.Key)}…",
            { RevokedAt: { } revokedAt } => $"key {refused.KeyPrefix}… ({refused.Id}) of {refused.InstitutionName} was revoked on {revokedAt:u} by {refused.RevokedBy}",
            _ => $"key {refused.KeyPrefix}… ({refused.Id}) of {refused.InstitutionName} expired on {refused.ExpiresAt:u}",
        });
    }

    private sealed record RefusedKey(Guid Id, string KeyPrefix, string InstitutionName, DateTime ExpiresAt, DateTime? RevokedAt, string? RevokedBy);
}
