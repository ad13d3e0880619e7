using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Stats;

/// <summary>Two exports in someone's list, one being written and one ready (its file is not stored): what the page lays out.</summary>
internal static class SampleExports
{
    public static async Task AddAsync(string connectionString, string email = "admin@place-des-entreprises.example.fr")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            insert into stats.export (id, requested_by, kind, format, scope, scope_label, status, rows_total, rows_done, file_name, file_size,
                                      requested_at, heartbeat_at, expires_at)
            select gen_random_uuid(), u.id, e.kind, e.format, '{}', 'De juin 2026 à novembre 2026, Île-de-France, thème « Financement »', e.status,
                   2000, e.done, 'export.xlsx', 40000, now(), now(), now() + interval '7 days'
            from directory.user_account u,
                 (values ('matches', 'xlsx', 'running', 500), ('requests', 'csv', 'done', 2000)) e (kind, format, status, done)
            where u.email = @email
            """, new { email });
    }
}
