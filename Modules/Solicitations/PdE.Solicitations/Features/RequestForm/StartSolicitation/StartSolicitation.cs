using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PdE.Shared.Validation;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.RequestForm.StartSolicitation;

/// <summary>
/// Where the person came from, captured when the form is opened: utm_* parameters, the page that linked here, and the
/// landing (entry page) they came through; or, for a request sent through the partner API, the partner's key.
/// </summary>
internal sealed record Tracking(
    string? UtmSource, string? UtmCampaign, string? UtmTerm, string? OriginPage, string? Landing = null, Guid? PartnerApiKeyId = null)
{
    public static readonly Tracking None = new(null, null, null, null);

    /// <summary>Trimmed, bounded, empty as null: tracking values come from URLs anybody can write.</summary>
    public static Tracking From(string? source, string? campaign, string? term, string? origin, string? landing = null) =>
        new(Clean(source, 200), Clean(campaign, 200), Clean(term, 200), Clean(origin, 500), Clean(landing, 100));

    private static string? Clean(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var v && v.Length > max ? v[..max] : value.Trim();
}

/// <summary>Step 1: contact details; creates the draft and returns its private resume token.</summary>
internal sealed record StartSolicitationCommand(
    string SubjectSlug,
    string FullName,
    string Email,
    string Phone,
    Tracking Tracking) : ICommand<StartedSolicitation>;

/// <param name="Refusal">Set (in French) when the draft was not created: too many requests from this address lately.</param>
internal sealed record StartedSolicitation(Guid Id, string Token, string? Refusal = null)
{
    public static StartedSolicitation Refused(string reason) => new(Guid.Empty, "", reason);
}

internal sealed class StartSolicitationValidator : AbstractValidator<StartSolicitationCommand>
{
    public StartSolicitationValidator()
    {
        // One message per field: the first rule that fails says what to fix.
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.FullName)
            .NotEmpty().WithMessage("Indiquez vos prénom et nom.")
            .MaximumLength(120).WithMessage("Vos prénom et nom ne doivent pas dépasser 120 caractères.");
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez votre adresse électronique.")
            .MaximumLength(254).WithMessage("L’adresse électronique ne doit pas dépasser 254 caractères.")
            .ValidEmail();
        RuleFor(c => c.Phone)
            .NotEmpty().WithMessage("Indiquez un numéro de téléphone pour que le conseiller puisse vous rappeler.")
            .Must(PhoneNumber.IsValid).WithMessage("Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.");
        RuleFor(c => c.SubjectSlug).NotEmpty();
    }
}

internal sealed class StartSolicitationHandler(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration)
    : ICommandHandler<StartSolicitationCommand, StartedSolicitation>
{
    /// <summary>Requests (started or sent) one e-mail address may open in an hour: the per-IP limit misses a sender who changes IP address.</summary>
    public const string PerEmailSetting = "RateLimits:RequestsPerEmailPerHour";

    public const string TooManyForEmail =
        "Plusieurs demandes ont déjà été commencées avec cette adresse dans l’heure : reprenez-les depuis le lien affiché à l’étape suivante, ou réessayez un peu plus tard.";

    private const string RecentForEmail = """
        select count(*)::int from solicitations.solicitation where lower(email) = lower(@Email) and created_at > @Since
        """;

    private const string InsertDraft = """
        insert into solicitations.solicitation
            (id, status, full_name, email, phone, subject_slug, resume_token_hash, utm_source, utm_campaign, utm_term, origin_page, landing_slug,
             partner_api_key_id, partner_institution_id, created_at, updated_at)
        values
            (@Id, 'draft', @FullName, @Email, @Phone, @SubjectSlug, @Hash, @UtmSource, @UtmCampaign, @UtmTerm, @OriginPage, @Landing,
             @PartnerApiKeyId, (select institution_id from solicitations.partner_api_key where id = @PartnerApiKeyId), @Now, @Now)
        """;

    public static int PerEmailPerHour(IConfiguration configuration) => configuration.GetValue(PerEmailSetting, 5);

    public async ValueTask<StartedSolicitation> Handle(StartSolicitationCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await StartAsync(connection, null, command, PerEmailPerHour(configuration), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>
    /// The address' hourly limit, then the draft, on the caller's connection: the form saves this step on its own, the
    /// partner API inside its one transaction (<paramref name="transaction"/>).
    /// </summary>
    public static async Task<StartedSolicitation> StartAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, StartSolicitationCommand command, int perEmailPerHour, DateTime now,
        CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var token = PrivateLinkToken.Create();
        if (await TooManyForEmailAsync(connection, transaction, command.Email, perEmailPerHour, now, cancellationToken))
        {
            return StartedSolicitation.Refused(TooManyForEmail);
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertDraft, new
        {
            Id = id,
            command.FullName,
            command.Email,
            command.Phone,
            command.SubjectSlug,
            Hash = PrivateLinkToken.Hash(token),
            command.Tracking.UtmSource,
            command.Tracking.UtmCampaign,
            command.Tracking.UtmTerm,
            command.Tracking.OriginPage,
            command.Tracking.Landing,
            command.Tracking.PartnerApiKeyId,
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
        return new StartedSolicitation(id, token);
    }

    /// <summary>Has this address begun <paramref name="perEmailPerHour"/> requests or more in the last hour?</summary>
    public static async Task<bool> TooManyForEmailAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string email, int perEmailPerHour, DateTime now,
        CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            RecentForEmail, new { Email = email, Since = now.AddHours(-1) }, transaction, cancellationToken: cancellationToken)) >= perEmailPerHour;
}
