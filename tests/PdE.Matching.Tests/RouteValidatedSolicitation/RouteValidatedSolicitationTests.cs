using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Tests.Fakes;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Tests.RouteValidatedSolicitation;

public sealed class RouteValidatedSolicitationTests
{
    private static readonly JsonSerializerOptions OutboxJson = new(JsonSerializerDefaults.Web);

    private static readonly RoutingCandidate Camille = MatchingScenario.Camille;

    private static readonly RoutingCandidate Bruno = MatchingScenario.Bruno;

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        RoutingQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task Asks_the_directory_for_candidates_of_the_request_subject_and_commune_then_for_support_experts_when_none_fits()
    {
        var submitted = NewSubmission() with { CommuneCode = "75111" };

        await PublishAsync(submitted);

        Assert.That(RoutingQueriesFake.Received, Is.EqualTo(new object[]
        {
            new FindRoutingCandidates("autre-demande", "75111"), new FindSupportExperts("75111"),
        }), "the subject and the commune go to the directory; the support subject's experts are asked only when nobody of the subject fits");
    }

    [Test]
    public async Task A_request_only_submitted_is_not_routed_before_the_team_validates_it()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var validated = NewSubmission();
        var submitted = new SolicitationSubmitted(Guid.CreateVersion7(), validated.SolicitationId, validated.Siret, validated.SubjectSlug,
            validated.Description, DateTime.UtcNow, "75111");

        await MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(submitted);
            return true;
        });

        await using var connection = Connect();
        Assert.That(RoutingQueriesFake.Received, Is.Empty);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need"), Is.Zero);

        await PublishAsync(validated);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match"), Is.EqualTo(2));
    }

    [Test]
    public async Task Creates_a_need_with_one_match_per_expert_and_queues_their_events()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var submitted = NewSubmission() with { CommuneCode = "75111" };

        await PublishAsync(submitted);

        await using var connection = Connect();
        var need = await connection.QuerySingleAsync<(Guid Id, string Status, string Siret, string SubjectSlug, string Description, string CommuneCode)>(
            "select id, status, siret, subject_slug, description, commune_code from matching.need where solicitation_id = @SolicitationId", submitted);
        Assert.That((need.Status, need.Siret, need.SubjectSlug, need.Description, need.CommuneCode),
            Is.EqualTo(("quo", submitted.Siret, submitted.SubjectSlug, submitted.Description, "75111")));

        var matches = (await connection.QueryAsync<(Guid Id, Guid ExpertId, string ExpertName, string ExpertEmail, string AntenneName, string InstitutionName, string Status)>(
            """
            select id, expert_id, expert_name, expert_email, antenne_name, institution_name, status
            from matching.match where need_id = @Id order by expert_name
            """, new { need.Id })).AsList();
        Assert.That(matches.Select(m => (m.ExpertId, m.ExpertName, m.ExpertEmail, m.AntenneName, m.InstitutionName, m.Status)), Is.EqualTo(new[]
        {
            (Bruno.ExpertId, Bruno.FullName, Bruno.Email, Bruno.AntenneName, Bruno.InstitutionName, "quo"),
            (Camille.ExpertId, Camille.FullName, Camille.Email, Camille.AntenneName, Camille.InstitutionName, "quo"),
        }));
        Assert.That(await connection.QueryAsync<(Guid, Guid)>("select antenne_id, institution_id from matching.match where need_id = @Id order by expert_name", new { need.Id }),
            Is.EqualTo(new[] { (Bruno.AntenneId, Bruno.InstitutionId), (Camille.AntenneId, Camille.InstitutionId) }));

        var events = await OutboxAsync(connection);
        Assert.That(events.Select(e => e.Type.Split(',')[0]), Is.EquivalentTo(new[]
        {
            "PdE.Matching.Contracts.MatchCreated", "PdE.Matching.Contracts.MatchCreated", "PdE.Matching.Contracts.NeedRouted",
        }));

        var created = events.Where(e => e.Type.StartsWith("PdE.Matching.Contracts.MatchCreated,", StringComparison.Ordinal))
            .Select(e => (e.Id, Event: JsonSerializer.Deserialize<MatchCreated>(e.Payload, OutboxJson)!)).ToList();
        Assert.That(created.Select(c => c.Event.EventId), Is.EqualTo(created.Select(c => c.Id)));
        Assert.That(created.Select(c => (c.Event.MatchId, c.Event.ExpertId, c.Event.ExpertName, c.Event.ExpertEmail, c.Event.InstitutionName)),
            Is.EquivalentTo(matches.Select(m => (m.Id, m.ExpertId, m.ExpertName, m.ExpertEmail, m.InstitutionName))));
        Assert.That(created.Select(c => (c.Event.NeedId, c.Event.SolicitationId, c.Event.Siret, c.Event.Description)),
            Has.All.EqualTo((need.Id, submitted.SolicitationId, submitted.Siret, submitted.Description)));

        var (routedId, _, routedPayload) = events.Single(e => e.Type.StartsWith("PdE.Matching.Contracts.NeedRouted,", StringComparison.Ordinal));
        var routed = JsonSerializer.Deserialize<NeedRouted>(routedPayload, OutboxJson)!;
        Assert.That((routed.EventId, routed.NeedId, routed.SolicitationId, routed.MatchCount),
            Is.EqualTo((routedId, need.Id, submitted.SolicitationId, 2)));
    }

    [Test]
    public async Task Tells_each_expert_the_company_the_subject_the_place_in_words_the_filing_date_and_the_need_page()
    {
        RoutingQueriesFake.Cover(Camille);
        var filedAt = new DateTime(2026, 3, 2, 8, 15, 0, DateTimeKind.Utc);
        var validated = NewSubmission() with { SubjectSlug = "recruter", CommuneCode = "76540", SubmittedAt = filedAt };

        await PublishAsync(validated);

        await using var connection = Connect();
        var needId = await connection.QuerySingleAsync<Guid>("select id from matching.need where requested_at = @filedAt", new { filedAt });
        var created = JsonSerializer.Deserialize<MatchCreated>(
            (await OutboxAsync(connection)).Single(e => e.Type.StartsWith("PdE.Matching.Contracts.MatchCreated,", StringComparison.Ordinal)).Payload, OutboxJson)!;
        Assert.That((created.CompanyName, created.SubjectLabel, created.Place, created.RequestedAt, created.NeedPath),
            Is.EqualTo(("BOULANGERIE MARTIN", "Recruter un ou plusieurs salariés", "Rouen (76000)", (DateTime?)filedAt, $"/conseiller/besoins/{needId}")));
    }

    [Test]
    public async Task Keeps_the_company_facts_the_event_brought_on_the_need()
    {
        var withCompany = NewSubmission() with { CommuneCode = "75111" };
        var project = NewSubmission() with { Siret = "", CommuneCode = "69123", Company = null };

        await PublishAsync(withCompany);
        await PublishAsync(project);

        await using var connection = Connect();
        const string Facts = """
            select company_name, commune_code, naf_code, headcount_bracket, company_created_on
            from matching.need where solicitation_id = @SolicitationId
            """;
        Assert.That(await connection.QuerySingleAsync<(string?, string?, string?, string?, DateOnly?)>(Facts, withCompany),
            Is.EqualTo(("BOULANGERIE MARTIN", "75111", "10.71C", "03", new DateOnly(2012, 3, 15))));
        Assert.That(await connection.QuerySingleAsync<(string?, string?, string?, string?, DateOnly?)>(Facts, project),
            Is.EqualTo(((string?)null, "69123", (string?)null, (string?)null, (DateOnly?)null)));
    }

    [Test]
    public async Task Keeps_a_request_nobody_covers_as_a_need_without_expert_and_tells_no_one()
    {
        var submitted = NewSubmission();

        await PublishAsync(submitted);

        await using var connection = Connect();
        var status = await connection.QuerySingleAsync<string>(
            "select status from matching.need where solicitation_id = @SolicitationId", submitted);
        Assert.That(status, Is.EqualTo("no_expert"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match"), Is.Zero);
        Assert.That(await OutboxAsync(connection), Is.Empty);
    }

    [Test]
    public async Task Ignores_a_redelivered_event()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var submitted = NewSubmission();

        await PublishAsync(submitted);
        await PublishAsync(submitted);

        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match"), Is.EqualTo(2));
        Assert.That(await OutboxAsync(connection), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Ignores_a_redelivered_event_recorded_under_the_slice_s_former_name()
    {
        RoutingQueriesFake.Cover(Camille, Bruno);
        var submitted = NewSubmission();
        await using var connection = Connect();
        await connection.ExecuteAsync(
            "insert into matching.inbox_message (event_id, receiver) values (@EventId, 'RouteSubmittedSolicitationHandler')", submitted);

        await PublishAsync(submitted);

        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need"), Is.Zero);
        Assert.That(await OutboxAsync(connection), Is.Empty);
    }

    private static SolicitationValidated NewSubmission() => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "autre-demande", "73282932000074", null,
        new PdE.Solicitations.Contracts.CompanyFacts("BOULANGERIE MARTIN", "10.71C", "5499", "03", new DateOnly(2012, 3, 15)),
        "Nous voulons recruter un apprenti boulanger à la rentrée.", DateTime.UtcNow);

    private static Task<bool> PublishAsync(SolicitationValidated submitted) =>
        MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(submitted);
            return true;
        });

    private static NpgsqlConnection Connect() => new(MatchingTestHost.Host.Database.ConnectionString);

    private static async Task<List<(Guid Id, string Type, string Payload)>> OutboxAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<(Guid, string, string)>("select id, type, payload::text from matching.outbox_message order by occurred_at, id")).AsList();
}
