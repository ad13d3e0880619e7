using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Data;

namespace PdE.Directory.Tests.AnswerFindExpertsForNeed;

public sealed class AnswerFindExpertsForNeedTests
{
    private const string OtherRequest = "autre-demande";

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Returns_the_demo_expert_with_her_antenne_and_institution()
    {
        var experts = await FindAsync(OtherRequest);

        Assert.That(experts, Is.EqualTo(new[]
        {
            new ExpertCandidate(
                DirectoryDemoSeeder.CamilleMartinExpertId, "Camille Martin", "camille.martin@cci-paris-idf.example.fr",
                DirectoryDemoSeeder.CciParisAntenneId, "CCI Paris",
                DirectoryDemoSeeder.CciInstitutionId, "CCI Paris Île-de-France"),
        }));
    }

    [Test]
    public async Task Returns_nobody_for_an_unknown_subject()
    {
        var experts = await FindAsync("sujet-inconnu");

        Assert.That(experts, Is.Empty);
    }

    [Test]
    public async Task Leaves_out_a_soft_deleted_expert()
    {
        await ExecuteAsync("update directory.expert set deleted_at = now() where id = @id", new { id = DirectoryDemoSeeder.CamilleMartinExpertId });

        var experts = await FindAsync(OtherRequest);

        Assert.That(experts, Is.Empty);
    }

    [Test]
    public async Task Leaves_out_an_expert_who_does_not_cover_the_subject()
    {
        var recruitment = await InsertSubjectAsync("recrutement", "Recruter");
        var other = await InsertExpertAsync(DirectoryDemoSeeder.CciParisAntenneId, "Bruno Petit");
        await CoverAsync(other, recruitment);

        var experts = await FindAsync(OtherRequest);

        Assert.That(experts.Select(e => e.FullName), Is.EqualTo(new[] { "Camille Martin" }));
    }

    [Test]
    public async Task Orders_experts_by_institution_then_antenne_then_name()
    {
        var subject = DirectoryDemoSeeder.OtherRequestSubjectId;
        var bpi = await InsertInstitutionAsync("bpifrance", "Bpifrance");
        var bpiParis = await InsertAntenneAsync(bpi, "Bpifrance Paris");
        var cciEssonne = await InsertAntenneAsync(DirectoryDemoSeeder.CciInstitutionId, "CCI Essonne");
        foreach (var (antenne, name) in new[]
        {
            (DirectoryDemoSeeder.CciParisAntenneId, "Alice Durand"),
            (cciEssonne, "Zoé Bernard"),
            (bpiParis, "Yves Moreau"),
            (bpiParis, "Agnès Leroy"),
        })
        {
            await CoverAsync(await InsertExpertAsync(antenne, name), subject);
        }

        var experts = await FindAsync(OtherRequest);

        Assert.That(experts.Select(e => (e.InstitutionName, e.AntenneName, e.FullName)), Is.EqualTo(new[]
        {
            ("Bpifrance", "Bpifrance Paris", "Agnès Leroy"),
            ("Bpifrance", "Bpifrance Paris", "Yves Moreau"),
            ("CCI Paris Île-de-France", "CCI Essonne", "Zoé Bernard"),
            ("CCI Paris Île-de-France", "CCI Paris", "Alice Durand"),
            ("CCI Paris Île-de-France", "CCI Paris", "Camille Martin"),
        }));
    }

    private static Task<IReadOnlyList<ExpertCandidate>> FindAsync(string subjectSlug) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindExpertsForNeed(subjectSlug, null)).AsTask());

    private static async Task<Guid> InsertInstitutionAsync(string slug, string name)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("insert into directory.institution (id, slug, name) values (@id, @slug, @name)", new { id, slug, name });
        return id;
    }

    private static async Task<Guid> InsertAntenneAsync(Guid institutionId, string name)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("insert into directory.antenne (id, institution_id, name) values (@id, @institutionId, @name)", new { id, institutionId, name });
        return id;
    }

    private static async Task<Guid> InsertExpertAsync(Guid antenneId, string fullName)
    {
        var id = Guid.CreateVersion7();
        var email = $"{Guid.NewGuid():N}@conseil.example.fr";
        await ExecuteAsync("insert into directory.expert (id, antenne_id, full_name, email) values (@id, @antenneId, @fullName, @email)",
            new { id, antenneId, fullName, email });
        return id;
    }

    private static async Task<Guid> InsertSubjectAsync(string slug, string label)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("insert into directory.subject (id, slug, label) values (@id, @slug, @label)", new { id, slug, label });
        return id;
    }

    private static Task CoverAsync(Guid expertId, Guid subjectId) =>
        ExecuteAsync("insert into directory.expert_subject (expert_id, subject_id) values (@expertId, @subjectId)", new { expertId, subjectId });

    private static async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync(sql, parameters);
    }
}
