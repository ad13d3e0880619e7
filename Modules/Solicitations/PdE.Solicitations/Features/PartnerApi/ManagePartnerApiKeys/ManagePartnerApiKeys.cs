using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Text;

using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

namespace PdE.Solicitations.Features.PartnerApi.ManagePartnerApiKeys;

/// <summary>Dates of the keys are days in Paris: a key chosen "valable jusqu’au 12 mars" works until that day's end there.</summary>
internal static class ParisCalendar
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(French.ToParis(clock.GetUtcNow().UtcDateTime));

    /// <summary>The instant a key valid until <paramref name="lastDay"/> (inclusive) stops working: the next midnight in Paris, in UTC.</summary>
    public static DateTime EndOf(DateOnly lastDay) =>
        TimeZoneInfo.ConvertTimeToUtc(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), French.Paris);

    /// <summary>The last day a key works, from the instant it stops working.</summary>
    public static DateOnly LastDayBefore(DateTime expiresAtUtc) => DateOnly.FromDateTime(French.ToParis(expiresAtUtc.AddTicks(-1)));
}

internal sealed record ListPartnerApiKeysQuery : IQuery<IReadOnlyList<PartnerApiKeyRow>>;

/// <summary>A key as the admin page lists it (never its secret: only its hash is stored).</summary>
internal sealed record PartnerApiKeyRow
{
    public required Guid Id { get; init; }
    public required Guid InstitutionId { get; init; }
    public required string InstitutionName { get; init; }
    public required string Label { get; init; }
    public required string KeyPrefix { get; init; }
    public required string CreatedBy { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required DateTime ExpiresAt { get; init; }
    public string? RevokedBy { get; init; }
    public DateTime? RevokedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }

    public bool IsActive(DateTime nowUtc) => RevokedAt is null && ExpiresAt > nowUtc;
}

/// <param name="InstitutionName">Null when the chosen institution is not (or no longer) in the directory.</param>
/// <param name="ValidUntil">Last day the key works (inclusive), in Paris.</param>
internal sealed record CreatePartnerApiKeyCommand(Guid? InstitutionId, string? InstitutionName, string Label, DateOnly? ValidUntil, string By)
    : ICommand<CreatedPartnerApiKey>;

/// <param name="Key">The secret, to show once: it is not stored.</param>
internal sealed record CreatedPartnerApiKey(Guid Id, string Key, string KeyPrefix);

internal sealed record RevokePartnerApiKeyCommand(Guid Id, string By) : ICommand<bool>;

internal sealed class CreatePartnerApiKeyValidator : AbstractValidator<CreatePartnerApiKeyCommand>
{
    /// <summary>A key lives a year at most: a forgotten key dies on its own.</summary>
    public const int MaxYears = 1;

    public CreatePartnerApiKeyValidator(TimeProvider clock)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.InstitutionName)
            .NotEmpty().WithMessage("Choisissez l’institution partenaire à qui la clé est destinée.");
        RuleFor(c => c.Label)
            .NotEmpty().WithMessage("Indiquez un libellé pour reconnaître la clé, par exemple « Formulaire du site de la CCI ».")
            .MaximumLength(100).WithMessage("Le libellé ne doit pas dépasser 100 caractères.");
        RuleFor(c => c.ValidUntil)
            .NotNull().WithMessage("Indiquez jusqu’à quelle date la clé est valable.")
            .Must(day => day > ParisCalendar.Today(clock))
            .WithMessage("La date de fin de validité doit être postérieure à aujourd’hui.")
            .Must(day => day <= ParisCalendar.Today(clock).AddYears(MaxYears))
            .WithMessage(_ => $"Une clé est valable un an au plus : choisissez une date jusqu’au {ParisCalendar.Today(clock).AddYears(MaxYears):dd/MM/yyyy}.");
    }
}

internal sealed class ListPartnerApiKeysHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListPartnerApiKeysQuery, IReadOnlyList<PartnerApiKeyRow>>
{
    private const string FindKeys = """
        select id as Id, institution_id as InstitutionId, institution_name as InstitutionName, label as Label, key_prefix as KeyPrefix,
               created_by as CreatedBy, created_at as CreatedAt, expires_at as ExpiresAt, revoked_by as RevokedBy,
               revoked_at as RevokedAt, last_used_at as LastUsedAt
        from solicitations.partner_api_key
        order by institution_name collate "fr-x-icu", institution_id, created_at desc
        """;

    public async ValueTask<IReadOnlyList<PartnerApiKeyRow>> Handle(ListPartnerApiKeysQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<PartnerApiKeyRow>(new CommandDefinition(FindKeys, cancellationToken: cancellationToken))).AsList();
    }
}

internal sealed class CreatePartnerApiKeyHandler(
    NpgsqlDataSource dataSource, TimeProvider clock, ValidPartnerKeys validKeys, ILogger<CreatePartnerApiKeyHandler> logger)
    : ICommandHandler<CreatePartnerApiKeyCommand, CreatedPartnerApiKey>
{
    private const string Insert = """
        insert into solicitations.partner_api_key
            (id, institution_id, institution_name, label, key_prefix, secret_hash, created_by, created_at, expires_at)
        values (@Id, @InstitutionId, @InstitutionName, @Label, @KeyPrefix, @Hash, @By, @Now, @ExpiresAt)
        """;

    public async ValueTask<CreatedPartnerApiKey> Handle(CreatePartnerApiKeyCommand command, CancellationToken cancellationToken)
    {
        var key = PartnerApiKeySecret.Create();
        var created = new CreatedPartnerApiKey(Guid.CreateVersion7(), key, PartnerApiKeySecret.PrefixOf(key));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            created.Id,
            command.InstitutionId,
            command.InstitutionName,
            Label = command.Label.Trim(),
            created.KeyPrefix,
            Hash = PartnerApiKeySecret.Hash(key),
            command.By,
            Now = clock.GetUtcNow().UtcDateTime,
            ExpiresAt = ParisCalendar.EndOf(command.ValidUntil!.Value),
        }, cancellationToken: cancellationToken));
        // Counted per key by the rate limiter from its first call on this host.
        validKeys.Remember(key);
        logger.LogInformation("Partner API key {KeyPrefix} ({KeyId}) created for {Institution} ({InstitutionId}), valid until {ValidUntil}, by {By}",
            created.KeyPrefix, created.Id, command.InstitutionName, command.InstitutionId, command.ValidUntil?.ToString("yyyy-MM-dd"), command.By);
        return created;
    }
}

internal sealed class RevokePartnerApiKeyHandler(
    NpgsqlDataSource dataSource, TimeProvider clock, ValidPartnerKeys validKeys, ILogger<RevokePartnerApiKeyHandler> logger)
    : ICommandHandler<RevokePartnerApiKeyCommand, bool>
{
    private const string Revoke = """
        update solicitations.partner_api_key set revoked_at = @Now, revoked_by = @By
        where id = @Id and revoked_at is null
        returning key_prefix as KeyPrefix, secret_hash as SecretHash
        """;

    /// <returns>False when the key was already revoked (or does not exist).</returns>
    public async ValueTask<bool> Handle(RevokePartnerApiKeyCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var revoked = await connection.QuerySingleOrDefaultAsync<(string KeyPrefix, byte[] SecretHash)?>(new CommandDefinition(
            Revoke, new { command.Id, command.By, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        if (revoked is { } key)
        {
            // This host limits it by address at once; the others within ValidPartnerKeys.Memory.
            validKeys.Forget(key.SecretHash);
            logger.LogInformation("Partner API key {KeyPrefix} ({KeyId}) revoked by {By}", key.KeyPrefix, command.Id, command.By);
        }

        return revoked is not null;
    }
}
