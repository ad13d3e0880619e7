using Dapper;
using Npgsql;
using PdE.Shared.Web;

namespace PdE.Host.Tests.Matching;

/// <summary>A satisfaction survey written straight into Matching's table, for the pages that show one (as the job writes it).</summary>
internal static class SatisfactionSurveys
{
    /// <returns>The survey's private token (its page is <c>/satisfaction/{token}</c>).</returns>
    public static async Task<string> SendAsync(string connectionString, Guid needId, string? answeredComment = null, bool answered = false)
    {
        var token = PrivateLinkToken.Create();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            insert into matching.satisfaction_survey (need_id, token_hash, sent_at, answered_at, contacted_by_expert, useful_exchange, comment)
            values (@needId, @hash, now() - interval '2 days', case when @answered then now() end, case when @answered then true end,
                    case when @answered then true end, @answeredComment)
            """, new { needId, hash = PrivateLinkToken.Hash(token), answered = answered || answeredComment is not null, answeredComment });
        return token;
    }
}
