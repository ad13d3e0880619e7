using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Features.Accounts;
using PdE.Shared.Migrations;

namespace PdE.Directory.DemoData;

/// <summary>
/// Seeds <see cref="DemoCatalogue"/>. Ids derive from slugs, so a second run changes nothing
/// and tests can name demo rows. Antenne coverage is drawn from the commune reference data.
/// </summary>
internal sealed class DirectoryDemoSeeder(NpgsqlDataSource dataSource, ILogger<DirectoryDemoSeeder> logger) : IDemoDataSeeder
{
    public static Guid IdOf(string kind, string slug) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"pde-demo/{kind}/{slug}")));

    public static Guid InstitutionSubjectIdOf(string institutionSlug, string subjectSlug) =>
        IdOf("institution-subject", $"{institutionSlug}/{subjectSlug}");

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        foreach (var (theme, themePosition) in DemoCatalogue.Themes.Select((t, i) => (t, i)))
        {
            await connection.ExecuteAsync("""
                insert into directory.theme (id, slug, label, position) values (@Id, @Slug, @Label, @Position)
                on conflict (id) do nothing
                """, new { Id = IdOf("theme", theme.Slug), theme.Slug, theme.Label, Position = themePosition }, transaction);
            foreach (var (subject, position) in theme.Subjects.Select((s, i) => (s, i)))
            {
                await connection.ExecuteAsync("""
                    insert into directory.subject (id, theme_id, slug, label, description, position, is_other_request, is_support)
                    values (@Id, @ThemeId, @Slug, @Label, @Description, @Position, @IsOtherRequest, @IsSupport)
                    on conflict (id) do nothing
                    """, new
                {
                    Id = IdOf("subject", subject.Slug), ThemeId = IdOf("theme", theme.Slug), subject.Slug, subject.Label,
                    subject.Description, Position = position, subject.IsOtherRequest, subject.IsSupport,
                }, transaction);
            }
        }

        await SeedPublicFormsAsync(connection, transaction);

        foreach (var institution in DemoCatalogue.Institutions)
        {
            await SeedInstitutionAsync(connection, transaction, institution);
        }

        // After the institutions they restrict.
        foreach (var rule in DemoPublicCatalogue.AnswerRules)
        {
            await connection.ExecuteAsync("""
                insert into directory.question_institution_filter (question_id, institution_id, required_answer)
                values (@QuestionId, @InstitutionId, @RequiredAnswer)
                on conflict do nothing
                """, new
            {
                QuestionId = IdOf("subject-question", $"{rule.Subject}/{rule.Question}"), InstitutionId = IdOf("institution", rule.Institution), rule.RequiredAnswer,
            }, transaction);
        }

        foreach (var territory in DemoCatalogue.Territories)
        {
            await connection.ExecuteAsync("""
                insert into directory.territory (id, name, kind, region_code) values (@Id, @Name, 'custom', @RegionCode)
                on conflict (id) do nothing;
                insert into directory.territory_commune (territory_id, commune_code)
                select @Id, c.code from directory.commune c where c.code = any(@Communes)
                on conflict do nothing;
                """, new { Id = IdOf("territory", territory.Slug), territory.Name, territory.RegionCode, territory.Communes }, transaction);
        }

        foreach (var account in DemoCatalogue.Accounts)
        {
            await SeedAccountAsync(connection, transaction, account);
        }

        await transaction.CommitAsync(cancellationToken);

        // Demo accounts exist only where demo data is seeded; their passwords are public on purpose.
        logger.LogInformation(
            "Demo accounts: sign in on /connexion as the admin {AdminEmail} / {AdminPassword} or the advisor {AdvisorEmail} / {AdvisorPassword}",
            DemoCatalogue.Admin.Email, DemoCatalogue.Admin.Password, DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password);
    }

    // Hashing is deliberately slow; tests reseed before every test, so each demo password is hashed once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> DemoHashes = new();

    private static async Task SeedAccountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DemoCatalogue.Account account)
    {
        var id = IdOf("user", account.Slug);
        await connection.ExecuteAsync("""
            insert into directory.user_account (id, antenne_id, full_name, email, password_hash)
            values (@Id, @AntenneId, @FullName, @Email, @PasswordHash)
            on conflict do nothing;
            insert into directory.user_role (user_id, role) select @Id, 'admin' where @IsAdmin on conflict do nothing;
            insert into directory.user_expert (user_id, expert_id) select @Id, @ExpertId where @ExpertId is not null on conflict do nothing;
            """, new
        {
            Id = id, AntenneId = IdOf("antenne", account.AntenneSlug), account.FullName, account.Email, account.IsAdmin,
            PasswordHash = DemoHashes.GetOrAdd(account.Password, Passwords.Hash),
            ExpertId = account.ExpertSlug is null ? (Guid?)null : IdOf("expert", account.ExpertSlug),
        }, transaction);
    }

    private static async Task SeedPublicFormsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        foreach (var (slug, form) in DemoPublicCatalogue.Forms)
        {
            var subjectId = IdOf("subject", slug);
            // Only fills what is still empty: an admin's later wording is kept.
            await connection.ExecuteAsync("""
                update directory.subject
                set guidance = coalesce(guidance, @Guidance), prompt = coalesce(prompt, @Prompt),
                    asks_commune = asks_commune or @AsksCommune, asks_amount = asks_amount or @AsksAmount
                where id = @SubjectId
                """, new { SubjectId = subjectId, form.Guidance, form.Prompt, form.AsksCommune, form.AsksAmount }, transaction);
            foreach (var (question, position) in (form.Questions ?? []).Select((q, i) => (q, i)))
            {
                await connection.ExecuteAsync("""
                    insert into directory.subject_question (id, subject_id, slug, label, position)
                    values (@Id, @SubjectId, @Slug, @Label, @Position)
                    on conflict (id) do nothing
                    """, new { Id = IdOf("subject-question", $"{slug}/{question.Slug}"), SubjectId = subjectId, question.Slug, question.Label, Position = position }, transaction);
            }
        }
    }

    private static async Task SeedInstitutionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DemoCatalogue.Institution institution)
    {
        await connection.ExecuteAsync("""
            insert into directory.institution (id, slug, name, category, display_logo) values (@Id, @Slug, @Name, @Category, true)
            on conflict (id) do nothing
            """, new { Id = IdOf("institution", institution.Slug), institution.Slug, institution.Name, institution.Category }, transaction);

        var subjects = institution.Antennes.SelectMany(a => a.Experts).SelectMany(e => e.Subjects).Distinct();
        foreach (var subject in subjects)
        {
            await connection.ExecuteAsync("""
                insert into directory.institution_subject (id, institution_id, subject_id) values (@Id, @InstitutionId, @SubjectId)
                on conflict (id) do nothing
                """, new
            {
                Id = InstitutionSubjectIdOf(institution.Slug, subject),
                InstitutionId = IdOf("institution", institution.Slug),
                SubjectId = IdOf("subject", subject),
            }, transaction);
        }

        foreach (var antenne in institution.Antennes)
        {
            var antenneId = IdOf("antenne", antenne.Slug);
            await connection.ExecuteAsync("""
                insert into directory.antenne (id, institution_id, name, territorial_level) values (@Id, @InstitutionId, @Name, @Level)
                on conflict (id) do nothing;
                insert into directory.antenne_commune (antenne_id, commune_code)
                select @Id, c.code from directory.commune c where c.departement_code = any(@Departements)
                on conflict do nothing;
                """, new { Id = antenneId, InstitutionId = IdOf("institution", institution.Slug), antenne.Name, antenne.Level, antenne.Departements }, transaction);

            foreach (var expert in antenne.Experts)
            {
                var expertId = IdOf("expert", expert.Slug);
                await connection.ExecuteAsync("""
                    insert into directory.expert (id, antenne_id, full_name, email, job_title, is_team, is_global_zone)
                    values (@Id, @AntenneId, @FullName, @Email, @JobTitle, @IsTeam, @IsGlobalZone)
                    on conflict (id) do nothing
                    """, new { Id = expertId, AntenneId = antenneId, expert.FullName, expert.Email, expert.JobTitle, expert.IsTeam, expert.IsGlobalZone }, transaction);
                foreach (var subject in expert.Subjects)
                {
                    await connection.ExecuteAsync("""
                        insert into directory.expert_subject (expert_id, institution_subject_id) values (@ExpertId, @InstitutionSubjectId)
                        on conflict do nothing
                        """, new { ExpertId = expertId, InstitutionSubjectId = InstitutionSubjectIdOf(institution.Slug, subject) }, transaction);
                }
            }
        }
    }
}
