using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerGetPublicCatalogue;

/// <summary>The catalogue the public site and the request form read, over the demo catalogue.</summary>
public sealed class AnswerGetPublicCatalogueTests
{
    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Lists_the_themes_in_order_with_their_public_subjects_but_not_the_support_subject()
    {
        var catalogue = await SendAsync(new GetPublicCatalogue());

        Assert.That(catalogue.Select(t => t.Slug).Take(2), Is.EqualTo(new[] { "recrutement-formation", "financement-tresorerie" }));
        Assert.That(catalogue.Single(t => t.Slug == "financement-tresorerie").Subjects.Select(s => s.Slug), Is.EqualTo(new[] { "financer-projet", "tresorerie" }));
        var all = catalogue.SelectMany(t => t.Subjects).ToList();
        Assert.That(all.Select(s => s.Slug), Does.Not.Contain("support").And.Contain("autre-demande"));
        Assert.That(all.Single(s => s.IsOtherRequest).Slug, Is.EqualTo("autre-demande"));
    }

    [Test]
    public async Task Gives_each_subject_its_guidance_prompt_questions_and_what_step_2_asks()
    {
        var subjects = (await SendAsync(new GetPublicCatalogue())).SelectMany(t => t.Subjects).ToDictionary(s => s.Slug);

        var financing = subjects["financer-projet"];
        Assert.That((financing.Prompt, financing.AsksCommune, financing.AsksAmount), Is.EqualTo(("Mon projet consiste à…", false, false)));
        Assert.That(financing.Guidance, Does.StartWith("Décrivez le projet"));
        Assert.That(financing.Questions.Select(q => q.Label),
            Is.EqualTo(new[] { "Avez-vous déjà un financement bancaire ?", "Le projet a-t-il déjà commencé ?" }));
        Assert.That((subjects["reprendre"].AsksCommune, subjects["reprendre"].AsksAmount), Is.EqualTo((true, true)));
        Assert.That(subjects["marches-publics"].Questions, Is.Empty);
        Assert.That(subjects["marches-publics"].Prompt, Is.Null);
    }

    [Test]
    public async Task Leaves_out_archived_subjects()
    {
        await using (var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString))
        {
            await connection.ExecuteAsync("update directory.subject set archived_at = now() where slug = 'tresorerie'");
        }

        var subjects = (await SendAsync(new GetPublicCatalogue())).SelectMany(t => t.Subjects).Select(s => s.Slug);

        Assert.That(subjects, Does.Not.Contain("tresorerie").And.Contain("financer-projet"));
    }

    [Test]
    public async Task Is_kept_in_memory_until_a_theme_a_subject_or_a_question_changes()
    {
        var first = await SendAsync(new GetPublicCatalogue());
        Assert.That(await SendAsync(new GetPublicCatalogue()), Is.SameAs(first), "nothing changed: the same catalogue, not read again");

        foreach (var change in new[]
                 {
                     "update directory.theme set label = 'Financer son entreprise' where slug = 'financement-tresorerie'",
                     "update directory.subject_question set label = 'Avez-vous un prêt bancaire ?' where label = 'Avez-vous déjà un financement bancaire ?'",
                     "update directory.subject set label = 'Trésorerie à court terme' where slug = 'tresorerie'",
                 })
        {
            var before = await SendAsync(new GetPublicCatalogue());
            await using (var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString))
            {
                await connection.ExecuteAsync(change);
            }

            Assert.That(await SendAsync(new GetPublicCatalogue()), Is.Not.SameAs(before), change);
        }

        var financing = (await SendAsync(new GetPublicCatalogue())).Single(t => t.Slug == "financement-tresorerie");
        Assert.That(financing.Label, Is.EqualTo("Financer son entreprise"));
        Assert.That(financing.Subjects.Single(s => s.Slug == "tresorerie").Label, Is.EqualTo("Trésorerie à court terme"));
        Assert.That(financing.Subjects.Single(s => s.Slug == "financer-projet").Questions[0].Label, Is.EqualTo("Avez-vous un prêt bancaire ?"));
    }

    [TestCase("35000", new[] { "35238" })]
    [TestCase("35 000", new[] { "35238" })]
    [TestCase("75011", new[] { "75111" })]
    [TestCase("99999", new string[0])]
    [TestCase("350", new string[0])]
    public async Task Finds_the_communes_of_a_postcode_with_the_arrondissement_in_paris(string postcode, string[] codes) =>
        Assert.That((await SendAsync(new FindCommunesByPostcode(postcode))).Select(c => c.Code), Is.EqualTo(codes));

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
