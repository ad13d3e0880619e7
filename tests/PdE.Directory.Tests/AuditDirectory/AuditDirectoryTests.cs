using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire.ImportAntennes;
using PdE.Directory.Features.Annuaire.ShowAntenne;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.AuditDirectory;

/// <summary>Every directory change leaves who, when, before and after, shown on the antenne's page.</summary>
public sealed class AuditDirectoryTests
{
    private const string Header = "Institution;Nom;Échelon;Codes communes\n";

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task An_import_records_each_created_and_updated_antenne_with_its_author_and_values()
    {
        var admin = new Actor(Guid.NewGuid(), "Alice Admin");
        var csv = Header + "cci;CCI Paris Île-de-France;locale;75056 75101\ncci;CCI Ain;locale;01053\n";

        var applied = await SendAsync(new ApplyAntennesImportCommand("cci", Encoding.UTF8.GetBytes(csv), admin));

        Assert.That(applied!.CanApply, Is.True);
        var paris = await SendAsync(new ShowAntenneQuery(await AntenneIdAsync("CCI Paris Île-de-France"), null, 1));
        var entry = paris!.History.Single();
        Assert.That((entry.ActorName, entry.Action), Is.EqualTo(("Alice Admin", "Modification par import CSV")));
        Assert.That(AuditEntry.Describe(entry.Before), Does.StartWith("Nom : CCI Paris Île-de-France · Échelon : Régionale · Communes : "));
        Assert.That(AuditEntry.Describe(entry.After), Is.EqualTo("Nom : CCI Paris Île-de-France · Échelon : Locale · Communes : 2"));

        var ain = await SendAsync(new ShowAntenneQuery(await AntenneIdAsync("CCI Ain"), null, 1));
        Assert.That(ain!.History.Select(e => (e.Action, e.Before)), Is.EqualTo(new[] { ("Création par import CSV", (string?)null) }));
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<Guid>("select distinct actor_id from directory.audit_entry"), Is.EqualTo(admin.UserId));
    }

    [Test]
    public async Task An_unchanged_line_and_a_refused_file_leave_no_trace()
    {
        var refused = Header + "cci;CCI Ain;locale;99999\n";
        await SendAsync(new ApplyAntennesImportCommand("cci", Encoding.UTF8.GetBytes(refused), Actor.System));

        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.audit_entry"), Is.Zero);
    }

    private static async Task<Guid> AntenneIdAsync(string name)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = @name", new { name });
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
