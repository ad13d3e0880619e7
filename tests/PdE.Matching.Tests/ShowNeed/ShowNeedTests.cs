using Dapper;
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
        SolicitationsQueriesFake.Reset();
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
        Assert.That(details.Company, Is.EqualTo(new NeedCompany("Paris 11e Arrondissement (75011), Paris",
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
    public async Task Describes_the_company_from_the_facts_the_need_was_routed_with_and_asks_solicitations_only_for_the_contact()
    {
        var validated = Validated() with
        {
            Company = new CompanyFacts("BOULANGERIE MARTIN", "10.71C", "5499", "03", new DateOnly(2019, 6, 1)),
        };
        var need = await RouteAsync(validated);

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details!.Company, Is.EqualTo(new NeedCompany("Paris 11e Arrondissement (75011), Paris",
            "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)", "6 à 9 salariés", new DateOnly(2019, 6, 1))));
        Assert.That(SolicitationsQueriesFake.Received, Is.EqualTo(new object[] { new GetRequesterContact(need.SolicitationId) }),
            "the company's facts came with SolicitationValidated: only the requester's contact is asked");
    }

    [Test]
    public async Task A_request_whose_contact_is_gone_still_shows_with_its_company()
    {
        var need = await RouteAsync();
        SolicitationsQueriesFake.Contact = null;

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That((details!.Contact, details.Matches.Count), Is.EqualTo(((RequesterContact?)null, 2)));
        Assert.That(details.Company?.Activity, Is.EqualTo("Boulangerie et boulangerie-pâtisserie (NAF 10.71C)"), "Matching kept the company's facts");
    }

    [Test]
    public async Task Codes_the_reference_data_does_not_know_are_shown_as_they_are_and_missing_facts_not_at_all()
    {
        var need = await RouteAsync(Validated() with
        {
            CommuneCode = "99999",
            Company = new CompanyFacts("BOULANGERIE MARTIN", "99.99Z", null, null, null),
        });

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details!.Company, Is.EqualTo(new NeedCompany("Commune 99999", "NAF 99.99Z", null, null)));
    }

    [Test]
    public async Task A_project_without_a_company_shows_its_commune_alone()
    {
        var need = await RouteAsync(Validated() with { Siret = "", Company = null });

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That((details!.CompanyName, details.Siret), Is.EqualTo(((string?)null, "")));
        Assert.That(details.Company, Is.EqualTo(new NeedCompany("Paris 11e Arrondissement (75011), Paris", null, null, null)));
    }

    [Test]
    public async Task A_need_routed_before_matching_kept_the_facts_shows_what_it_has()
    {
        var withCommune = await RouteAsync("ROUTÉE AVEC SA COMMUNE");
        var withNothing = await RouteAsync("ROUTÉE SANS RIEN");
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync(
                "update matching.need set naf_code = null, headcount_bracket = null, company_created_on = null where id = any(@Ids)",
                new { Ids = new[] { withCommune.NeedId, withNothing.NeedId } });
            await connection.ExecuteAsync("update matching.need set commune_code = null where id = @NeedId", withNothing);
        }

        var first = await SendAsync(new ShowNeedQuery(withCommune.NeedId, CamilleAgent));
        var second = await SendAsync(new ShowNeedQuery(withNothing.NeedId, CamilleAgent));

        Assert.That(first!.Company, Is.EqualTo(new NeedCompany("Paris 11e Arrondissement (75011), Paris", null, null, null)));
        Assert.That((second!.CompanyName, second.Company, second.Contact?.FullName), Is.EqualTo(("ROUTÉE SANS RIEN", (NeedCompany?)null, "Jeanne Martin")));
    }

    [Test]
    public async Task Shows_the_requester_s_yes_no_answers_the_event_brought()
    {
        var validated = Validated() with
        {
            Answers = [new("Avez-vous déjà un financement bancaire ?", true), new("Avez-vous un expert-comptable ?", null)],
        };
        var need = await RouteAsync(validated);

        var details = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));

        Assert.That(details!.Answers, Is.EqualTo(new[]
        {
            new SubjectAnswer("Avez-vous déjà un financement bancaire ?", true), new SubjectAnswer("Avez-vous un expert-comptable ?", null),
        }));
        Assert.That((await SendAsync(new ShowNeedQuery((await RouteAsync()).NeedId, CamilleAgent)))!.Answers, Is.Empty, "no question, no answer");
    }
}
