using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// Needs put straight into a demo expert's inbox, as routing would have sent them <c>age</c> ago (their requests are not on
/// the triage desk): what the inbox tests need in numbers, or older than 45 days.
/// </summary>
internal static class InboxNeeds
{
    public static async Task<(Guid NeedId, Guid MatchId)> SendAsync(
        string connectionString, string expertName, string company, TimeSpan age, string subject = "export",
        string description = "Nous voulons vendre nos produits en Belgique.", bool draft = false)
    {
        var needId = Guid.CreateVersion7();
        var matchId = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(connectionString);
        var inserted = await connection.ExecuteAsync("""
            insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, description, status, created_at)
            values (@needId, gen_random_uuid(), @subject, '73282932000074', @company, '75111', @description, 'quo', now() - @age);

            insert into matching.match (id, need_id, expert_id, expert_name, expert_email, antenne_id, antenne_name, institution_id, institution_name, created_at, sent_at)
            select @matchId, @needId, e.id, e.full_name, e.email, a.id, a.name, i.id, i.name, now() - @age, case when @draft then null else now() - @age end
            from directory.expert e join directory.antenne a on a.id = e.antenne_id join directory.institution i on i.id = a.institution_id
            where e.full_name = @expertName and e.deleted_at is null;
            """, new { needId, matchId, subject, company, description, age, expertName, draft });
        Assert.That(inserted, Is.EqualTo(2), $"the demo expert {expertName} should exist");
        return (needId, matchId);
    }
}
