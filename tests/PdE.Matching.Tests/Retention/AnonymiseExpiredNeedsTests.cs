using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.Retention;
using PdE.Matching.Tests.Fakes;
using PdE.Solicitations.Contracts;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.Retention;

/// <summary>Issue 13 item 3: a need older than 3 years loses its personal data; statuses and experts stay for the counts.</summary>
public sealed class AnonymiseExpiredNeedsTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task A_need_older_than_the_limit_loses_its_description_answers_messages_and_comments()
    {
        var old = await RouteAsync("BOULANGERIE ANCIENNE");
        Assert.That((await SendAsync(new ChangeMatchStatusCommand(old.NeedId, old.BrunoMatch, MatchAnswer.Decline, BrunoAgent,
            "Mme Martin m’a dit au téléphone qu’elle déménage"))).Succeeded, Is.True);
        var recent = await RouteAsync("BOULANGERIE RÉCENTE");
        await using var connection = Connect();
        await connection.ExecuteAsync("""
            insert into matching.need_comment (id, need_id, author_user_id, author_name, author_role, author_label, body, created_at)
            values (gen_random_uuid(), @NeedId, gen_random_uuid(), 'Camille Martin', 'expert', 'CCI Paris', 'Son portable : 06 12 34 56 78', now());
            update matching.need set created_at = now() - interval '4 years' where id = @NeedId;
            """, new { old.NeedId });

        await PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddYears(-3)));
        await PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddYears(-3)));

        var needs = (await connection.QueryAsync<(Guid Id, string Description, string Answers, string Status, string? CompanyName, bool Anonymised)>(
            "select id, description, answers::text, status, company_name, anonymised_at is not null from matching.need")).ToDictionary(n => n.Id);
        Assert.That(needs[old.NeedId], Is.EqualTo((old.NeedId, AnonymiseExpiredNeedsHandler.Placeholder, "[]", "quo", (string?)"BOULANGERIE ANCIENNE", true)));
        Assert.That(needs[recent.NeedId].Description, Is.EqualTo("Nous voulons recruter un apprenti boulanger à la rentrée."));
        Assert.That(needs[recent.NeedId].Anonymised, Is.False);
        Assert.That(await connection.QuerySingleAsync<string>("select body from matching.need_comment where need_id = @NeedId", new { old.NeedId }),
            Is.EqualTo("Message effacé (plus de 3 ans)"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match_history where need_id = @NeedId and comment is not null", new { old.NeedId }), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match where need_id = @NeedId and search_head like '%apprenti%'", new { old.NeedId }),
            Is.Zero, "the matches' search heads follow their need");
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @BrunoMatch", new { old.BrunoMatch }), Is.EqualTo("not_for_me"));
    }

    private static Task PublishAsync(PersonalDataExpired expired) =>
        MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(expired);
            return true;
        });
}
