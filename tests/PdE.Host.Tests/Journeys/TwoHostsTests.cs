using System.Net;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory;
using PdE.Host.Infrastructure;
using PdE.Host.Tests.Triage;
using PdE.Matching;
using PdE.Notifications;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Solicitations;
using PdE.Stats;
using PdE.Testing;

namespace PdE.Host.Tests.Journeys;

/// <summary>Hosts are stateless: several can start together on one database, and each event is handled once.</summary>
public sealed class TwoHostsTests
{
    [Test]
    public async Task Several_hosts_migrating_at_the_same_time_apply_each_script_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var hosts = Enumerable.Range(0, 4).Select(_ => HostServices(database.ConnectionString)).ToList();

        await Task.WhenAll(hosts.Select(h => Task.Run(() => h.GetRequiredService<DatabaseMigrator>().MigrateAsync())));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        foreach (var schema in new[] { "solicitations", "directory", "matching", "notifications", "stats", "quartz" })
        {
            var scripts = (await connection.QueryAsync<(string, long)>(
                $"select scriptname, count(*) from {schema}.schemaversions group by scriptname")).ToList();
            Assert.That(scripts, Has.Count.GreaterThanOrEqualTo(schema == "quartz" ? 1 : 2), schema);
            Assert.That(scripts.Select(s => s.Item2), Has.All.EqualTo(1), schema);
        }

        Assert.That(hosts.Select(h => h.GetRequiredService<DatabaseMigrator>().IsUpToDate()), Has.All.True);
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Test]
    public async Task Two_hosts_on_one_database_route_a_request_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        // WebApplicationFactory cannot build two hosts at the same instant in one process; concurrent
        // migration is covered above with the hosts' own migrator.
        await using var first = await PdEApplication.StartAsync(sharedDatabase: database);
        await using var second = await PdEApplication.StartAsync(sharedDatabase: database);

        var response = await SubmitAndRouteJourneyTests.FileAsync(first.CreateBrowserLikeClient(), "autre-demande", "73282932000074",
            "Nous cherchons un financement pour un nouvel atelier.");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var solicitationId = await connection.QuerySingleAsync<Guid>("select id from solicitations.solicitation where status = 'received'");
        var validated = await TriageDesk.ActAsync(await second.SignedInClientAsync(), "Validate", [solicitationId]);
        Assert.That(validated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // Both dispatchers poll the same outboxes; each e-mail (the expert's, the requester's confirmation) may leave from either host.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (first.Smtp.Messages.Count + second.Smtp.Messages.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(1000); // time for a wrongly duplicated delivery to show up

        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from matching.need"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from matching.match"), Is.EqualTo(1));
        var recipients = first.Smtp.Messages.Concat(second.Smtp.Messages).Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.That(recipients, Has.Count.EqualTo(2).And.Unique.And.Contain("jeanne.martin@boulangerie-martin.fr"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from stats.request_fact"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from stats.need_fact"), Is.EqualTo(1));
    }

    /// <summary>The database side of a host, as Program.cs registers it.</summary>
    private static ServiceProvider HostServices(string connectionString)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPdEDatabase(connectionString);
        services.AddSolicitations(configuration).AddDirectory(configuration).AddMatching(configuration)
            .AddNotifications(configuration, Path.GetTempPath()).AddStats(configuration)
            .AddPdEScheduler(configuration, connectionString);
        return services.BuildServiceProvider();
    }
}
