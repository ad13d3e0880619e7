using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Shared;

/// <summary>
/// Soft deletion of people: the row stays (matches and history point at it) but the person's name and contact
/// details are erased. A team's name and shared address are not personal data and are kept.
/// </summary>
internal static class Anonymisation
{
    private const string DeleteExperts = """
        update directory.expert
        set deleted_at = @Now,
            full_name = case when is_team then full_name else 'Conseiller supprimé' end,
            email = case when is_team then email else 'supprime-' || id || '@anonyme.invalid' end,
            phone = case when is_team then phone else null end,
            job_title = case when is_team then job_title else null end
        where id = any(@Ids) and deleted_at is null
        """;

    private const string DeleteUser = """
        update directory.user_account
        set deleted_at = @Now, full_name = 'Compte supprimé', email = 'supprime-' || id || '@anonyme.invalid',
            password_hash = null, failed_attempts = 0, locked_until = null, security_stamp = gen_random_uuid()
        where id = @Id and deleted_at is null;
        delete from directory.user_token where user_id = @Id;
        """;

    public static Task<int> DeleteExpertsAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<Guid> expertIds, DateTime now, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            DeleteExperts, new { Now = now, Ids = expertIds.ToArray() }, transaction, cancellationToken: cancellationToken));

    public static Task DeleteUserAsync(NpgsqlTransaction transaction, Guid userId, DateTime now, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(DeleteUser, new { Now = now, Id = userId }, transaction, cancellationToken: cancellationToken));
}
