using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Tests.Companies;

/// <summary>The registry the module registers (here the offline one), as the request form's pages ask it.</summary>
public sealed class CompanyQueriesTests
{
    [Test]
    public async Task A_search_is_answered_by_the_configured_registry()
    {
        var search = await AskAsync(registry => registry.SearchAsync("brasserie du rhin", CancellationToken.None));

        Assert.That(search.RegistryUnavailable, Is.False);
        Assert.That(search.Establishments.Single().CommuneCode, Is.EqualTo("67482"));
    }

    [Test]
    public async Task A_siret_is_looked_up_in_the_configured_registry()
    {
        var lookup = await AskAsync(registry => registry.GetEstablishmentAsync("398 612 473 00049", CancellationToken.None));

        Assert.That(lookup.Establishment?.City, Is.EqualTo("DUNKERQUE"));
    }

    private static Task<T> AskAsync<T>(Func<ICompanyRegistry, Task<T>> ask) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => ask(sp.GetRequiredService<ICompanyRegistry>()));
}
