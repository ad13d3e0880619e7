using PdE.Testing;

namespace PdE.Host.Tests.Triage;

/// <summary>Issue 16: a desk view the agent abandons cancels its SQL, instead of running it to the end for nobody.</summary>
public sealed class DeskCancellationTests : SiteTests
{
    [Test]
    public async Task An_abandoned_desk_view_cancels_its_query()
    {
        var admin = await App.SignedInClientAsync();

        // The search's tab counts by their own text, not anything else that may wait on the table meanwhile (a scheduled job).
        await AbandonedQuery.AssertCancelledAsync(App.Database.ConnectionString,
            "lock table solicitations.solicitation in access exclusive mode",
            "select hits.status as Status, count(*)::int as Count",
            token => admin.GetAsync("/conseiller/sollicitations?q=boulangerie", token));
    }
}
