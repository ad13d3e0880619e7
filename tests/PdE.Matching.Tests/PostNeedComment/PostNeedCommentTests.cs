using System.Text.Json;
using Dapper;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Features.PostNeedComment;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.PostNeedComment;

/// <summary>The need's discussion: who may write, what is refused, and who is e-mailed.</summary>
public sealed class PostNeedCommentTests
{
    private static readonly JsonSerializerOptions OutboxJson = new(JsonSerializerDefaults.Web);

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        SolicitationsQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task An_expert_writes_and_the_other_expert_is_told_never_the_author()
    {
        var need = await RouteAsync();

        var result = await PostAsync(need, "  J’ai appelé la dirigeante ce matin.\r\nBruno, pouvez-vous regarder le financement ?  ", CamilleAgent);

        Assert.That(result, Is.EqualTo(new PostNeedCommentResult(PostNeedCommentOutcome.Posted, "Message publié et envoyé par e-mail à 1 participant.")));
        await using var connection = Connect();
        var stored = await connection.QuerySingleAsync<(Guid NeedId, Guid Author, string Name, string Role, string Label, string Body)>(
            "select need_id, author_user_id, author_name, author_role, author_label, body from matching.need_comment");
        Assert.That(stored, Is.EqualTo((need.NeedId, CamilleAgent.UserId, "Camille Martin", "expert", "CCI Paris",
            "J’ai appelé la dirigeante ce matin.\nBruno, pouvez-vous regarder le financement ?")));

        var posted = (await PostedEventsAsync()).Single();
        Assert.That((posted.NeedId, posted.AuthorName, posted.AuthorLabel, posted.Text, posted.CompanyName, posted.NeedPath),
            Is.EqualTo((need.NeedId, "Camille Martin", "CCI Paris", stored.Body, "BOULANGERIE MARTIN", $"/conseiller/besoins/{need.NeedId}")));
        Assert.That(posted.Recipients, Is.EqualTo(new[] { new NeedCommentRecipient("Bruno Petit", Bruno.Email) }));
    }

    [Test]
    public async Task Earlier_writers_are_told_too_each_address_once()
    {
        var need = await RouteAsync();
        await PostAsync(need, "Bonjour, l’équipe suit ce besoin de près.", Admin);
        await PostAsync(need, "Je m’en occupe.", BrunoAgent);

        var result = await PostAsync(need, "Rendez-vous pris jeudi.", CamilleAgent);

        Assert.That(result.Message, Is.EqualTo("Message publié et envoyé par e-mail à 2 participants."));
        var events = await PostedEventsAsync();
        Assert.That(events.Select(e => e.Recipients.Select(r => r.Email)), Is.EqualTo(new[]
        {
            new[] { Bruno.Email, Camille.Email },
            new[] { Camille.Email, "admin@place-des-entreprises.example.fr" },
            new[] { Bruno.Email, "admin@place-des-entreprises.example.fr" },
        }), "the experts first, then earlier writers; Bruno, expert and writer, once; never the author");
        Assert.That(events[0].AuthorLabel, Is.EqualTo("équipe Place des Entreprises"));
    }

    [Test]
    public async Task A_manager_of_an_expert_s_antenne_writes_as_such_and_that_expert_is_told()
    {
        var need = await RouteAsync();
        var manager = new AgentViewer(Guid.CreateVersion7(), "Marc Durand", [], false)
        {
            Perimeter = [new ManagedAntenne(Bruno.AntenneId, "Bpifrance Paris", [Bruno.ExpertId])],
        };

        var result = await PostAsync(need, "Bruno est en congés, je relance l’équipe.", manager);

        Assert.That(result.Outcome, Is.EqualTo(PostNeedCommentOutcome.Posted));
        var posted = (await PostedEventsAsync()).Single();
        Assert.That(posted.AuthorLabel, Is.EqualTo("responsable d’antenne, Bpifrance Paris"));
        Assert.That(posted.Recipients.Select(r => r.Name), Is.EqualTo(new[] { "Bruno Petit", "Camille Martin" }));
    }

    [TestCase("")]
    [TestCase("   \r\n  ")]
    [TestCase(null)]
    public async Task A_blank_message_is_refused_in_french_and_nothing_is_stored(string? text)
    {
        var need = await RouteAsync();

        var result = await PostAsync(need, text, CamilleAgent);

        Assert.That(result, Is.EqualTo(new PostNeedCommentResult(PostNeedCommentOutcome.Refused, "Écrivez votre message avant de l’envoyer.")));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task A_message_too_long_is_refused_and_the_longest_allowed_is_kept()
    {
        var need = await RouteAsync();

        var tooLong = await PostAsync(need, new string('a', PostNeedCommentHandler.MaxLength + 1), CamilleAgent);

        Assert.That(tooLong.Outcome, Is.EqualTo(PostNeedCommentOutcome.Refused));
        Assert.That(tooLong.Message, Does.StartWith("Votre message compte 5\u202f001 caractères : raccourcissez-le à 5\u202f000 caractères au plus."));
        await AssertNothingStoredAsync();

        // Line breaks count once, however the browser sent them.
        var longest = string.Join("\r\n", Enumerable.Repeat(new string('b', 999), 5)) + "b";
        Assert.That((await PostAsync(need, longest, CamilleAgent)).Outcome, Is.EqualTo(PostNeedCommentOutcome.Posted));
    }

    [Test]
    public async Task An_agent_whose_experts_did_not_receive_the_need_cannot_write_on_it()
    {
        var need = await RouteAsync();
        var stranger = new AgentViewer(Guid.CreateVersion7(), "Thomas Nguyen", [new(Guid.CreateVersion7(), "Thomas Nguyen", false)], false);

        var result = await PostAsync(need, "Je m’invite.", stranger);
        var unknown = await SendAsync(new PostNeedCommentCommand(Guid.NewGuid(), "Bonjour", Admin));

        Assert.That((result.Outcome, unknown.Outcome), Is.EqualTo((PostNeedCommentOutcome.NotFound, PostNeedCommentOutcome.NotFound)));
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task An_expert_with_only_a_draft_cannot_write_and_is_not_told()
    {
        var need = await RouteAsync();
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set sent_at = null where id = @BrunoMatch", need);
        }

        Assert.That((await PostAsync(need, "Je vois un brouillon ?", BrunoAgent)).Outcome, Is.EqualTo(PostNeedCommentOutcome.NotFound));
        await AssertNothingStoredAsync();

        var byCamille = await PostAsync(need, "Personne d’autre n’a reçu ce besoin.", CamilleAgent);
        Assert.That(byCamille.Message, Is.EqualTo("Message publié."), "Bruno's draft is not sent: he is not told");
        Assert.That(await PostedEventsAsync(), Is.Empty, "nobody to tell, no event");
    }

    private static Task<PostNeedCommentResult> PostAsync(MatchingScenario need, string? text, AgentViewer viewer) =>
        SendAsync(new PostNeedCommentCommand(need.NeedId, text, viewer));

    private static async Task AssertNothingStoredAsync()
    {
        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need_comment"), Is.Zero);
        Assert.That(await PostedEventsAsync(), Is.Empty);
    }

    private static async Task<List<NeedCommentPosted>> PostedEventsAsync()
    {
        await using var connection = Connect();
        var payloads = await connection.QueryAsync<string>("""
            select payload::text from matching.outbox_message
            where type like 'PdE.Matching.Contracts.NeedCommentPosted,%' order by occurred_at, id
            """);
        return payloads.Select(p => JsonSerializer.Deserialize<NeedCommentPosted>(p, OutboxJson)!).ToList();
    }
}
