using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using PdE.Host.Infrastructure;
using Quartz;

namespace PdE.Host.Features.Admin.Taches;

/// <summary>
/// « Tâches planifiées » (admins): every job the modules scheduled, when it runs next and how its last runs went
/// (recorded by <see cref="JobRunRecorder"/>). Read from the clustered scheduler's store: the same on every host. An admin
/// may run a job now (e.g. the e-mails of the morning after a mail server outage): every job marks what it did, so an
/// extra run never tells anyone twice.
/// </summary>
internal sealed class ListJobsModel(ISchedulerFactory schedulers, NpgsqlDataSource dataSource) : PageModel
{
    /// <summary>How many runs the page shows for each job.</summary>
    public const int RunsShown = 10;

    internal IReadOnlyList<ScheduledJob> Jobs { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnPostRunAsync(string key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobKey = new JobKey(key ?? "");
        if (await scheduler.GetJobDetail(jobKey, cancellationToken) is not { } job)
        {
            return NotFound();
        }

        await scheduler.TriggerJob(jobKey, cancellationToken);
        Done = $"Tâche « {job.Description ?? key} » lancée : son exécution s’affichera ici dans quelques secondes (rechargez la page).";
        return Redirect($"/admin/taches#tache-{key}");
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var runs = (await connection.QueryAsync<JobRun>(new CommandDefinition("""
                select job as Job, host as Host, started_at as StartedAt, finished_at as FinishedAt, succeeded as Succeeded,
                       summary as Summary, error as Error
                from (select *, row_number() over (partition by job order by id desc) as rank from quartz.job_run) r
                where rank <= @RunsShown
                order by id desc
                """, new { RunsShown }, cancellationToken: cancellationToken)))
            .ToLookup(r => r.Job);
        var jobs = new List<ScheduledJob>();
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken))
        {
            var detail = await scheduler.GetJobDetail(key, cancellationToken);
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            jobs.Add(new ScheduledJob(
                key.Name,
                string.IsNullOrWhiteSpace(detail?.Description) ? key.Name : detail.Description,
                triggers.OfType<ICronTrigger>().Select(t => t.CronExpressionString).FirstOrDefault(),
                triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min()?.UtcDateTime,
                runs[key.Name].ToList()));
        }

        Jobs = jobs.OrderBy(j => j.Label, StringComparer.Create(PdE.Shared.Text.French.Culture, true)).ToList();
    }

    internal sealed record ScheduledJob(string Key, string Label, string? Cron, DateTime? NextRun, IReadOnlyList<JobRun> Runs);

    internal sealed record JobRun(string Job, string Host, DateTime StartedAt, DateTime FinishedAt, bool Succeeded, string? Summary, string? Error)
    {
        public TimeSpan Duration => FinishedAt - StartedAt;
    }
}
