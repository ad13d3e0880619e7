using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Solicitations.Features.Companies.CheckCompanyRegisters;
using PdE.Solicitations.Features.Triage.TriageSolicitations;

namespace PdE.Solicitations.Tests.Companies;

/// <summary>The job that stores on each sent request whether its company is in the RCS and the RM, and asks again when unknown.</summary>
public sealed class CheckCompanyRegistersTests
{
    private const string Freelancer = "91427368500018";
    private const string Bakery = "73282932000074";
    private const string BakerySiren = "732829320";

    [SetUp]
    public async Task ResetAsync() => await SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task Stores_both_answers_on_sent_requests_and_the_desk_flags_the_company_in_neither()
    {
        var freelancer = await InsertAsync(Freelancer);
        var bakery = await InsertAsync(Bakery);
        var draft = await InsertAsync(Freelancer, status: "draft");
        var project = await InsertAsync(siret: null);

        Assert.That(await RunHostJobAsync(), Is.EqualTo(2));

        Assert.That(await RegistersAsync(freelancer), Is.EqualTo((false, false, true, 1)));
        Assert.That(await RegistersAsync(bakery), Is.EqualTo((true, true, true, 1)));
        Assert.That(await RegistersAsync(draft), Is.EqualTo(((bool?)null, (bool?)null, false, 0)), "a draft is not checked");
        Assert.That(await RegistersAsync(project), Is.EqualTo(((bool?)null, (bool?)null, false, 0)), "no SIRET, nothing to check");
        var cards = (await SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>()
            .Send(new ListSolicitationsQuery("received", new TriageFilter())).AsTask())).Cards.ToDictionary(c => c.Id);
        Assert.That((cards[freelancer].InNoRegister, cards[bakery].InNoRegister, cards[project].InNoRegister), Is.EqualTo((true, false, false)));
        Assert.That(await RunHostJobAsync(), Is.Zero, "a second run finds nothing left to check");
    }

    [Test]
    public async Task An_unknown_answer_is_kept_unknown_and_asked_again_later_until_both_are_known()
    {
        using var api = ApiEntrepriseStub.Start(maxRetries: 0);
        api.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 500, "provider-error.json");
        api.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");
        var id = await InsertAsync(Bakery);
        var job = JobWith(api);

        Assert.That(await job.CheckAsync(CancellationToken.None), Is.Zero);
        Assert.That(await RegistersAsync(id), Is.EqualTo(((bool?)null, (bool?)false, false, 1)), "the RCS is unknown, never \"not registered\"");
        var nextAttempt = await QuerySingleAsync<DateTime>("select registers_next_attempt from solicitations.solicitation where id = @id", new { id });
        Assert.That(nextAttempt, Is.EqualTo(DateTime.UtcNow + CheckCompanyRegistersJob.FirstRetryDelay).Within(TimeSpan.FromMinutes(1)));

        Assert.That(await job.CheckAsync(CancellationToken.None), Is.Zero);
        Assert.That(api.CallsTo(ApiEntrepriseStub.RcsPath(BakerySiren)), Is.EqualTo(1), "not asked again before the delay");

        api.Server.ResetMappings();
        api.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 404, "not-found.json");
        api.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 404, "not-found.json");
        await MakeDueAsync(id);
        Assert.That(await job.CheckAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await RegistersAsync(id), Is.EqualTo(((bool?)false, (bool?)false, true, 2)));
    }

    [Test]
    public async Task Gives_up_after_a_bounded_number_of_attempts_with_a_warning()
    {
        using var api = ApiEntrepriseStub.Start(maxRetries: 0);
        api.Serve(ApiEntrepriseStub.RcsPath(BakerySiren), 401, "unauthorized.json");
        api.Serve(ApiEntrepriseStub.RmPath(BakerySiren), 401, "unauthorized.json");
        var id = await InsertAsync(Bakery);
        var job = JobWith(api);

        for (var attempt = 0; attempt < CheckCompanyRegistersJob.MaxAttempts + 2; attempt++)
        {
            await MakeDueAsync(id);
            await job.CheckAsync(CancellationToken.None);
        }

        Assert.That(await RegistersAsync(id), Is.EqualTo(((bool?)null, (bool?)null, false, CheckCompanyRegistersJob.MaxAttempts)));
        Assert.That(api.CallsTo(ApiEntrepriseStub.RcsPath(BakerySiren)), Is.EqualTo(CheckCompanyRegistersJob.MaxAttempts));
        Assert.That(api.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.Contains($"still unknown after {CheckCompanyRegistersJob.MaxAttempts} attempts")));
    }

    private static CheckCompanyRegistersJob JobWith(ApiEntrepriseStub api) => new(
        SolicitationsTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>(), api.Registers, TimeProvider.System,
        new LoggerFactory([api.Logs]).CreateLogger<CheckCompanyRegistersJob>());

    private static Task<int> RunHostJobAsync() =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<CheckCompanyRegistersJob>().CheckAsync(CancellationToken.None));

    private static async Task<Guid> InsertAsync(string? siret, string status = "received")
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation (id, full_name, email, phone, siret, commune_code, subject_slug, description, status, submitted_at)
            values (@id, 'Claire Fontaine', 'claire@fontaine-graphisme.fr', '0612345678', @siret, '44109', 'transformation-numerique',
                    'Je voudrais vendre mes illustrations en ligne.', @status, case when @status = 'draft' then null else now() end)
            """, new { id, siret, status });
        return id;
    }

    private static async Task MakeDueAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync("update solicitations.solicitation set registers_next_attempt = now() - interval '1 second' where id = @id", new { id });
    }

    private static Task<(bool? InRcs, bool? InRm, bool Checked, int Attempts)> RegistersAsync(Guid id) =>
        QuerySingleAsync<(bool?, bool?, bool, int)>(
            "select in_rcs, in_rm, registers_checked_at is not null, registers_attempts from solicitations.solicitation where id = @id", new { id });

    private static async Task<T> QuerySingleAsync<T>(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }
}
