using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PdE.Shared.Migrations;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.DemoData;

/// <summary>
/// The demo landings (a campaign page over two themes of the demo catalogue) and, when <c>Demo:Requests</c> is on (the
/// embedded default), the demo requests of the triage desk; the validated ones are routed, at their validation's date, so
/// that the advisors' inboxes and the reminders desk have needs, some late. Ids derive from slugs and keys (idempotent).
/// </summary>
internal sealed class SolicitationsDemoSeeder(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock) : IDemoDataSeeder
{
    /// <summary>On in the embedded default only: tests count requests and start from none.</summary>
    public const string RequestsSetting = "Demo:Requests";

    public sealed record Landing(string Slug, string Title, string Intro, string? Partner, string[] Themes);

    public static readonly Landing[] Landings =
    [
        new("relance", "Relancer votre activité",
            "Trésorerie tendue, projet à financer, difficultés passagères : les conseillers publics de votre territoire vous aident à rebondir. Choisissez votre besoin.",
            null, ["financement-tresorerie", "difficultes"]),
        new("cci-numerique", "Le numérique pour votre entreprise",
            "Site internet, vente en ligne, cybersécurité : décrivez votre projet, un conseiller vous rappelle.",
            "Chambre de commerce et d’industrie (CCI)", ["numerique"]),
    ];

    private const string InsertRequest = """
        insert into solicitations.solicitation
            (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, created_at, updated_at, commune_code,
             company_name, naf_code, legal_form_code, headcount_bracket, company_created_on, registry_pending, landing_slug, tags,
             validated_at, canceled_at, cancel_reply, blocked_reason, in_rcs, in_rm, registers_checked_at, registers_attempts)
        values (@Id, @FullName, @Email, @Phone, @Siret, @SubjectSlug, @Description, @Status, @SubmittedAt, @SubmittedAt, @SubmittedAt, @CommuneCode,
                @CompanyName, @NafCode, @LegalFormCode, @HeadcountBracket, @CreatedOn, @RegistryPending, @LandingSlug, @Tags,
                @ValidatedAt, @CanceledAt, @CancelReply, @BlockedReason, @InRcs, @InRm, @RegistersCheckedAt, @RegistersAttempts)
        on conflict (id) do nothing
        """;

    private const string InsertEvent = """
        insert into solicitations.solicitation_event (id, solicitation_id, occurred_at, actor, action, detail)
        values (@Id, @SolicitationId, @OccurredAt, @Actor, @Action, @Detail)
        on conflict (id) do nothing
        """;

    private const string InsertBlockedDomain = """
        insert into solicitations.blocked_sender (id, kind, value, reason, created_by, created_at)
        values (@Id, 'domain', 'seo-boost-express.example.com', 'Démarchage commercial (référencement)', @Team, @CreatedAt)
        on conflict do nothing
        """;

    private static Guid IdOf(string slug) => new(MD5.HashData(Encoding.UTF8.GetBytes($"pde-demo/landing/{slug}")));

    private static Guid RequestIdOf(string key, string part = "") => new(MD5.HashData(Encoding.UTF8.GetBytes($"pde-demo/request/{key}{part}")));

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var landing in Landings)
        {
            await connection.ExecuteAsync("""
                insert into solicitations.landing (id, slug, title, intro, partner) values (@Id, @Slug, @Title, @Intro, @Partner)
                on conflict (id) do nothing
                """, new { Id = IdOf(landing.Slug), landing.Slug, landing.Title, landing.Intro, landing.Partner }, transaction);
            foreach (var (theme, position) in landing.Themes.Select((t, i) => (t, i)))
            {
                await connection.ExecuteAsync("""
                    insert into solicitations.landing_theme (landing_id, theme_slug, position) values (@Id, @Theme, @Position)
                    on conflict do nothing
                    """, new { Id = IdOf(landing.Slug), Theme = theme, Position = position }, transaction);
            }
        }

        if (configuration.GetValue<bool>(RequestsSetting))
        {
            await SeedRequestsAsync(connection, transaction, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedRequestsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var registry = new OfflineCompanyRegistry();
        await connection.ExecuteAsync(InsertBlockedDomain,
            new { Id = RequestIdOf("blocklist"), DemoRequests.Team, CreatedAt = now.AddDays(-30) }, transaction);
        foreach (var request in DemoRequests.All)
        {
            var id = RequestIdOf(request.Key);
            var submittedAt = now - request.Age;
            // Company facts and register answers as intake and the jobs would have stored them (none yet while the registry is pending).
            var company = request.Siret is null || request.RegistryPending
                ? null
                : (await registry.GetEstablishmentAsync(request.Siret, cancellationToken)).Establishment;
            var registers = company is null
                ? null
                : OfflineCompanyRegistry.DemoCompanies.FirstOrDefault(c => c.Siren == company.Siren)?.Registres;
            var endedAt = request.Timeline?.LastOrDefault(e => e.Action is "validated" or "canceled") is { } end ? submittedAt + end.After : (DateTime?)null;
            var inserted = await connection.ExecuteAsync(InsertRequest, new
            {
                Id = id,
                request.FullName,
                request.Email,
                request.Phone,
                request.Siret,
                request.SubjectSlug,
                request.Description,
                request.Status,
                SubmittedAt = submittedAt,
                CommuneCode = company?.CommuneCode ?? request.CommuneCode,
                company?.CompanyName,
                company?.NafCode,
                company?.LegalFormCode,
                company?.HeadcountBracket,
                company?.CreatedOn,
                request.RegistryPending,
                request.LandingSlug,
                Tags = request.Tags ?? [],
                ValidatedAt = request.Status == "validated" ? endedAt : null,
                CanceledAt = request.Status == "canceled" ? endedAt : null,
                request.CancelReply,
                request.BlockedReason,
                InRcs = registers?.Rcs,
                InRm = registers?.Rm,
                RegistersCheckedAt = registers is null ? (DateTime?)null : submittedAt.AddMinutes(4),
                RegistersAttempts = registers is null ? 0 : 1,
            }, transaction);
            // A validated request is routed as the desk's « Valider et transmettre » does, at its validation's date: Matching
            // records and sends its need then (once: only when the request is new).
            if (inserted == 1 && request.Status == "validated" && endedAt is { } validatedAt)
            {
                await transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationValidated(
                    RequestIdOf(request.Key, "/validated"), id, request.SubjectSlug, request.Siret ?? "", company?.CommuneCode ?? request.CommuneCode,
                    company is null ? null : new CompanyFacts(company.CompanyName, company.NafCode, company.LegalFormCode, company.HeadcountBracket, company.CreatedOn),
                    request.Description, validatedAt, submittedAt, [], registers?.Rcs, registers?.Rm, SendAtOnce: true, AsOf: validatedAt));
            }

            foreach (var (entry, index) in (request.Timeline ?? []).Select((e, i) => (e, i)))
            {
                await connection.ExecuteAsync(InsertEvent, new
                {
                    Id = RequestIdOf(request.Key, $"/event/{index}"),
                    SolicitationId = id,
                    OccurredAt = submittedAt + entry.After,
                    Actor = DemoRequests.Team,
                    entry.Action,
                    entry.Detail,
                }, transaction);
            }
        }
    }
}
