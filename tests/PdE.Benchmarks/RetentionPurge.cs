using System.Diagnostics;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Benchmarks;

/// <summary>
/// The retention purge's time over every request of the durable PDE_BENCH_DATABASE (1,000,000 at the volume of the
/// benchmarks): the database is copied first (`create database … template …`), the site started on the copy, and each
/// module's handler of <see cref="PersonalDataExpired"/> run in turn with a limit after the last request, so that every
/// row is anonymised, as a first purge over years of history would. The copy is dropped at the end; the durable database
/// is not touched. `dotnet run -c Release --project tests/PdE.Benchmarks -- retention-purge`
/// </summary>
internal static class RetentionPurge
{
    public static async Task MeasureAsync()
    {
        var source = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PDE_BENCH_DATABASE")
            ?? throw new InvalidOperationException("Set PDE_BENCH_DATABASE to a durable PostgreSQL database (see README, Benchmarks)."));
        var copy = new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = $"{source.Database}_purge" };
        var server = new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            var copying = Stopwatch.GetTimestamp();
            await connection.ExecuteAsync($"""drop database if exists "{copy.Database}" """);
            await connection.ExecuteAsync($"""create database "{copy.Database}" template "{source.Database}" """, commandTimeout: 3600);
            Console.WriteLine($"Copied {source.Database} to {copy.Database} in {Stopwatch.GetElapsedTime(copying).TotalSeconds:N0} s");
        }

        try
        {
            await PurgeAsync(copy.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.ExecuteAsync($"""drop database if exists "{copy.Database}" with (force)""");
        }
    }

    private static async Task PurgeAsync(string connectionString)
    {
        const string Counts = """
            select (select count(*) from solicitations.solicitation where anonymised_at is null) as Requests,
                   (select count(*) from matching.need where anonymised_at is null) as Needs,
                   (select count(*) from notifications.email where anonymised_at is null) as Emails
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        var before = await connection.QuerySingleAsync<(long Requests, long Needs, long Emails)>(Counts);
        Console.WriteLine($"To anonymise: {before.Requests:N0} requests, {before.Needs:N0} needs, {before.Emails:N0} e-mails");

        using var site = SiteHost.Start(connectionString);
        await using var scope = site.Services.CreateAsyncScope();
        var expired = new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddDays(1));
        var total = Stopwatch.GetTimestamp();
        foreach (var handler in scope.ServiceProvider.GetServices<INotificationHandler<PersonalDataExpired>>())
        {
            var started = Stopwatch.GetTimestamp();
            await handler.Handle(expired, CancellationToken.None);
            Console.WriteLine($"{handler.GetType().Name}: {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
        }

        var after = await connection.QuerySingleAsync<(long Requests, long Needs, long Emails)>(Counts);
        Console.WriteLine($"Purge of everything: {Stopwatch.GetElapsedTime(total).TotalSeconds:N0} s; left not anonymised: "
            + $"{after.Requests:N0} requests, {after.Needs:N0} needs, {after.Emails:N0} e-mails");
    }
}
