using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Text;
using PdE.Solicitations.Features.Companies;
using Quartz;

namespace PdE.Solicitations.Features.Companies.EnrichPendingSolicitations;

/// <summary>
/// Degraded mode, second half: requests accepted with a SIRET alone while the registry was down (<c>registry_pending</c>)
/// get their company facts once it answers again. Runs on a Quartz cron trigger, on one host at a time (clustered
/// job store). Idempotent anyway: each row is updated only while still pending.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class EnrichPendingSolicitationsJob(
    NpgsqlDataSource dataSource, ICompanyRegistry registry, TimeProvider clock, ILogger<EnrichPendingSolicitationsJob> logger) : IJob
{
    public const string CronSetting = "Solicitations:EnrichmentCron";
    public const string DefaultCron = "0 0/5 * * * ?";
    private const int BatchSize = 100;

    private const string FindPending = """
        select id as Id, siret as Siret from solicitations.solicitation
        where registry_pending and siret is not null
        order by id
        limit @BatchSize
        """;

    private const string Enrich = """
        update solicitations.solicitation
        set company_name = @CompanyName, commune_code = @CommuneCode, naf_code = @NafCode, legal_form_code = @LegalFormCode,
            headcount_bracket = @HeadcountBracket, company_created_on = @CreatedOn, registry_pending = false, updated_at = @Now
        where id = @Id and registry_pending
        """;

    // The registry answered but has nothing usable (unknown, closed, abroad): stop asking; the triage desk sees no facts.
    private const string GiveUp = "update solicitations.solicitation set registry_pending = false, updated_at = @Now where id = @Id and registry_pending";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await EnrichAsync(cancellationToken), "demande complétée", "demandes complétées");

    /// <returns>How many requests were enriched.</returns>
    public async Task<int> EnrichAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = (await connection.QueryAsync<(Guid Id, string Siret)>(
            new CommandDefinition(FindPending, new { BatchSize }, cancellationToken: cancellationToken))).ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        logger.LogInformation("Company enrichment: {Count} request(s) waiting for the registry", pending.Count);
        var enriched = 0;
        foreach (var (id, siret) in pending)
        {
            var lookup = await registry.GetEstablishmentAsync(siret, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (lookup.RegistryUnavailable)
            {
                logger.LogWarning("Company enrichment: registry still unavailable, {Count} request(s) stay pending until the next run", pending.Count - enriched);
                break;
            }

            if (lookup.Establishment is not { IsOpen: true, IsAbroad: false } e)
            {
                logger.LogWarning(
                    "Company enrichment: SIRET {Siret} of request {SolicitationId} is {Problem} in the registry; left without company facts for the team to check",
                    siret, id, lookup.Establishment is null ? "unknown" : lookup.Establishment.IsAbroad ? "abroad" : "closed");
                await connection.ExecuteAsync(new CommandDefinition(GiveUp, new { Id = id, Now = now }, cancellationToken: cancellationToken));
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(Enrich, new
            {
                Id = id, e.CompanyName, e.CommuneCode, e.NafCode, e.LegalFormCode, e.HeadcountBracket, e.CreatedOn, Now = now,
            }, cancellationToken: cancellationToken));
            enriched++;
            logger.LogInformation("Company enrichment: request {SolicitationId} completed with {CompanyName} ({Siret})", id, e.CompanyName, siret);
        }

        return enriched;
    }
}
