using Dapper;
using Mediator;
using Npgsql;

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
