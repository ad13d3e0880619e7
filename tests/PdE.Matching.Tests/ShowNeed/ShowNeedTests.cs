using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Tests.Fakes;
using PdE.Solicitations.Contracts;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ShowNeed;

/// <summary>The need page: what its experts see, and who may see it.</summary>
public sealed class ShowNeedTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        SolicitationsQueriesFake.Contact = new RequesterContact("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678");
        SolicitationsQueriesFake.Company = new RequestCompany("75111", "10.71C", "03", new DateOnly(2012, 3, 15));
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task A_matched_expert_sees_the_company_the_contact_every_expert_s_answer_and_the_history()
    {
        var need = await RouteAsync();
        await need.AnswerAsync(need.BrunoMatch, MatchAnswer.Take, BrunoAgent);
        await need.AnswerAsync(need.BrunoMatch, MatchAnswer.CloseWithHelp, BrunoAgent);

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details, Is.Not.Null);
        Assert.That((details!.CompanyName, details.Siret, details.SubjectSlug, details.Status),
            Is.EqualTo(("BOULANGERIE MARTIN", "73282932000074", "autre-demande", "done")));
        Assert.That(details.Description, Does.StartWith("Nous voulons recruter"));
        Assert.That(details.Contact, Is.EqualTo(new RequesterContact("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678")));
        Assert.That(details.Company, Is.EqualTo(new NeedCompany("Paris 11e Arrondissement (75111), Paris",
            "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)", "6 à 9 salariés", new DateOnly(2012, 3, 15))));
        Assert.That(details.Matches.Select(m => (m.ExpertName, m.InstitutionName, m.Status)), Is.EqualTo(new[]
        {
            ("Bruno Petit", "Bpifrance", "done"), ("Camille Martin", "CCI Paris Île-de-France", "quo"),
        }));
        Assert.That(details.History.Select(h => (h.ActorName, h.ExpertName, h.FromStatus, h.ToStatus)), Is.EqualTo(new[]
        {
            ("Bruno Petit", "Bruno Petit", "quo", "taking_care"), ("Bruno Petit", "Bruno Petit", "taking_care", "done"),
        }));
    }

    [Test]
    public async Task An_agent_of_another_expert_gets_nothing_and_an_admin_sees_it()
    {
        var need = await RouteAsync();
        var stranger = new PdE.Matching.Matches.AgentViewer(Guid.NewGuid(), "Thomas Nguyen", [new(Guid.NewGuid(), "Thomas Nguyen", false)], false);
        var withoutExpert = new PdE.Matching.Matches.AgentViewer(Guid.NewGuid(), "Sans référent", [], false);

        Assert.That(await SendAsync(new ShowNeedQuery(need.NeedId, stranger)), Is.Null);
        Assert.That(await SendAsync(new ShowNeedQuery(need.NeedId, withoutExpert)), Is.Null);
        Assert.That(await SendAsync(new ShowNeedQuery(need.NeedId, Admin)), Is.Not.Null);
        Assert.That(await SendAsync(new ShowNeedQuery(Guid.NewGuid(), Admin)), Is.Null);
    }

    [Test]
    public async Task A_request_whose_contact_is_gone_still_shows()
    {
        var need = await RouteAsync();
        SolicitationsQueriesFake.Contact = null;
        SolicitationsQueriesFake.Company = null;

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That((details!.Contact, details.Company, details.Matches.Count), Is.EqualTo(((RequesterContact?)null, (NeedCompany?)null, 2)));
    }

    [Test]
    public async Task Codes_the_reference_data_does_not_know_are_shown_as_they_are_and_missing_facts_not_at_all()
    {
        var need = await RouteAsync();
        SolicitationsQueriesFake.Company = new RequestCompany("99999", "99.99Z", null, null);

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details!.Company, Is.EqualTo(new NeedCompany("Commune 99999", "NAF 99.99Z", null, null)));
    }
}
