using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Directory.Tests.AnswerFindExpertsForNeed;

namespace PdE.Directory.Tests.AnswerGetManagedPerimeter;

/// <summary>What an antenne manager follows: a local antenne's experts, a regional one's and its children's, or a whole institution.</summary>
public sealed class AnswerGetManagedPerimeterTests
{
    private DirectoryBuilder directory = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        directory = new DirectoryBuilder(DirectoryTestHost.Host.Database.ConnectionString);
        await directory.SubjectAsync("t-export");
        await directory.InstitutionAsync("CCI");
        await directory.InstitutionAsync("CMA");
        await directory.AntenneAsync("CCI France", "CCI", level: "national");
        await directory.AntenneAsync("CCI Normandie", "CCI", level: "regional");
        await directory.AntenneAsync("CCI Rouen", "CCI");
        await directory.AntenneAsync("CCI Caen", "CCI");
        await directory.AntenneAsync("CCI Nantes", "CCI");
        await directory.AntenneAsync("CMA Rouen", "CMA");
        await directory.ExecuteAsync("update directory.antenne set parent_id = @parent where id = any(@children)",
            new { parent = directory.Id("CCI Normandie"), children = new[] { directory.Id("CCI Rouen"), directory.Id("CCI Caen") } });
        foreach (var (expert, antenne) in new[] { ("Rémi", "CCI Rouen"), ("Chloé", "CCI Caen"), ("Nina", "CCI Nantes"), ("Marc", "CMA Rouen"), ("Régis", "CCI Normandie") })
        {
            await directory.ExpertAsync(expert, antenne, ["t-export"]);
        }

        await directory.ExpertAsync("Ancien", "CCI Rouen", ["t-export"], deleted: true);
    }

    [Test]
    public async Task A_local_manager_follows_the_experts_of_the_antenne_deleted_ones_included()
    {
        var perimeter = await PerimeterAsync("CCI Rouen");

        Assert.That(perimeter.Select(a => a.Name), Is.EqualTo(new[] { "CCI Rouen" }));
        Assert.That(perimeter.Single().ExpertIds, Is.EquivalentTo(new[] { directory.Id("Rémi"), directory.Id("Ancien") }));
    }

    [Test]
    public async Task A_regional_manager_follows_the_antenne_and_its_local_antennes()
    {
        var perimeter = await PerimeterAsync("CCI Normandie");

        Assert.That(perimeter.Select(a => a.Name), Is.EqualTo(new[] { "CCI Caen", "CCI Normandie", "CCI Rouen" }));
        Assert.That(perimeter.SelectMany(a => a.ExpertIds), Does.Not.Contain(directory.Id("Nina")));
    }

    [Test]
    public async Task A_national_manager_follows_every_antenne_of_the_institution_and_no_other()
    {
        var perimeter = await PerimeterAsync("CCI France");

        Assert.That(perimeter.Select(a => a.Name), Is.EqualTo(new[] { "CCI Caen", "CCI France", "CCI Nantes", "CCI Normandie", "CCI Rouen" }));
        Assert.That(perimeter.SelectMany(a => a.ExpertIds), Does.Not.Contain(directory.Id("Marc")));
    }

    [Test]
    public async Task An_account_without_a_manager_right_follows_nothing()
    {
        await directory.AccountAsync("Rémi compte", "CCI Rouen", ["Rémi"]);

        Assert.That(await SendAsync(new GetManagedPerimeter(directory.Id("Rémi compte"))), Is.Empty);
    }

    private async Task<IReadOnlyList<ManagedAntenne>> PerimeterAsync(string managedAntenne)
    {
        var name = $"Responsable {managedAntenne}";
        await directory.AccountAsync(name, managedAntenne, []);
        await directory.ExecuteAsync("insert into directory.user_role (user_id, role, antenne_id) values (@user, 'antenne_manager', @antenne)",
            new { user = directory.Id(name), antenne = directory.Id(managedAntenne) });
        return await SendAsync(new GetManagedPerimeter(directory.Id(name)));
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
