using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Catalogue.SaveSubject;

/// <summary>
/// A subject's questions and institutions change one at a time: each change first locks its subject's row, so that an
/// archive or another change of the same subject waits for it.
/// </summary>
internal static class SubjectLock
{
    /// <summary>The subject's id, its row locked until <paramref name="transaction"/> ends; null when there is no such subject.</summary>
    public static Task<Guid?> TakeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string slug, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select id from directory.subject where slug = @Slug for update", new { Slug = slug }, transaction, cancellationToken: cancellationToken));
}
