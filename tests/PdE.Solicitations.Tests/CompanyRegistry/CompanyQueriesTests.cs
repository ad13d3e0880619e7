using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Tests.CompanyRegistry;

/// <summary>The contract queries other modules and pages send, answered by the configured (here offline) registry.</summary>
public sealed class CompanyQueriesTests
{
    [Test]
    public async Task SearchCompanies_is_answered_by_the_registry()
    {
        var search = await SendAsync(new SearchCompanies("brasserie du rhin"));

        Assert.That(search.RegistryUnavailable, Is.False);
        Assert.That(search.Establishments.Single().CommuneCode, Is.EqualTo("67482"));
    }

    [Test]
    public async Task GetEstablishment_is_answered_by_the_registry()
    {
        var lookup = await SendAsync(new GetEstablishment("398 612 473 00049"));

        Assert.That(lookup.Establishment?.City, Is.EqualTo("DUNKERQUE"));
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
