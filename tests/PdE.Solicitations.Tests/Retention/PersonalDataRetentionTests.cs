using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Retention;

namespace PdE.Solicitations.Tests.Retention;

/// <summary>Issue 13 item 3: personal data of requests older than 3 years is anonymised; what counts need stays.</summary>
public sealed class PersonalDataRetentionTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task The_nightly_job_says_what_expired_and_requests_older_than_three_years_lose_their_personal_data_only()
    {
        var old = await InsertAsync(TimeSpan.FromDays(3 * 365 + 2));
        var recent = await InsertAsync(TimeSpan.FromDays(3 * 365 - 2));

        var before = await SolicitationsTestHost.Host.Services.GetRequiredService<ExpirePersonalDataJob>().ExpireAsync(CancellationToken.None);
        Assert.That(before, Is.EqualTo(DateTime.UtcNow.AddYears(-3)).Within(TimeSpan.FromMinutes(1)));
        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "select count(*) from solicitations.outbox_message where type like '%.PersonalDataExpired,%'"), Is.EqualTo(1));

        await PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), before));
        await PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), before));

        var rows = (await connection.QueryAsync<Row>("""
            select id as Id, full_name as FullName, email as Email, phone as Phone, description as Description, answers::text as Answers,
                   status as Status, subject_slug as SubjectSlug, company_name as CompanyName, anonymised_at as AnonymisedAt,
                   (select detail from solicitations.solicitation_event e where e.solicitation_id = s.id) as Comment
            from solicitations.solicitation s
            """)).ToDictionary(r => r.Id);
        var anonymised = rows[old];
        Assert.That((anonymised.FullName, anonymised.Email, anonymised.Phone, anonymised.Description, anonymised.Answers, anonymised.Comment),
            Is.EqualTo(("Demandeur anonymisé", $"anonymise-{old}@invalid", "", AnonymiseExpiredRequestsHandler.Placeholder, "[]", (string?)null)));
        Assert.That((anonymised.Status, anonymised.SubjectSlug, anonymised.CompanyName), Is.EqualTo(("validated", "export", "BOULANGERIE MARTIN")), "what counts need stays");
        Assert.That(anonymised.AnonymisedAt, Is.Not.Null);
        var kept = rows[recent];
        Assert.That((kept.FullName, kept.Email, kept.Comment, kept.AnonymisedAt), Is.EqualTo(("Jeanne Martin", "jeanne@boulangerie-martin.fr", "Rappeler Mme Martin le matin", (DateTime?)null)));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from solicitations.solicitation where search_text like '%jeanne%'"), Is.EqualTo(1),
            "the search no longer finds the anonymised one by name");
    }

    private static async Task<Guid> InsertAsync(TimeSpan age)
    {
        var id = Guid.CreateVersion7();
        await using var connection = Connect();
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, created_at,
                                                    company_name, answers)
            values (@id, 'Jeanne Martin', 'jeanne@boulangerie-martin.fr', '0612345678', '73282932000074', 'export',
                    'Nous voulons vendre en Belgique, appelez-moi au 06 12 34 56 78.', 'validated', now() - @age, now() - @age,
                    'BOULANGERIE MARTIN', '[{"question": "Montant", "answer": "20000"}]');
            insert into solicitations.solicitation_event (id, solicitation_id, occurred_at, actor, action, detail)
            values (gen_random_uuid(), @id, now() - @age, 'Équipe', 'comment', 'Rappeler Mme Martin le matin');
            """, new { id, age });
        return id;
    }

    private static Task PublishAsync(PersonalDataExpired expired) =>
        SolicitationsTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(expired);
            return true;
        });

    private static NpgsqlConnection Connect() => new(SolicitationsTestHost.Host.Database.ConnectionString);

    private sealed record Row(Guid Id, string FullName, string Email, string Phone, string? Description, string Answers, string Status, string SubjectSlug,
        string? CompanyName, DateTime? AnonymisedAt, string? Comment);
}
