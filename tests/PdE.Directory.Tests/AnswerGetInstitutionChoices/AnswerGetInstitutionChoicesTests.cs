using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerGetInstitutionChoices;

/// <summary>The institutions other modules may pick from (the partner API keys of Solicitations).</summary>
public sealed class AnswerGetInstitutionChoicesTests
{
    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Lists_the_institutions_by_french_name_without_the_deleted_ones()
    {
        await using (var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into directory.institution (id, slug, name) values
                    (gen_random_uuid(), 'eclat', 'Éclat des territoires'),
                    (gen_random_uuid(), 'fermee', 'Agence fermée');
                update directory.institution set deleted_at = now() where slug = 'fermee';
                """);
        }

        var institutions = await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetInstitutionChoices()).AsTask());

        var names = institutions.Select(i => i.Name).ToList();
        Assert.That(names, Is.Ordered.Using((IComparer<string>)StringComparer.Create(new System.Globalization.CultureInfo("fr-FR"), false)));
        Assert.That(names, Does.Contain("Éclat des territoires").And.Not.Contain("Agence fermée"));
        var cci = institutions.Single(i => i.Slug == "cci");
        Assert.That(cci.Id, Is.Not.EqualTo(Guid.Empty));
    }
}
