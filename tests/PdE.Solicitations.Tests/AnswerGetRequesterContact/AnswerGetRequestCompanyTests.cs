using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.ChooseCompany;
using PdE.Solicitations.Features.DescribeNeed;
using PdE.Solicitations.Features.StartSolicitation;

namespace PdE.Solicitations.Tests.AnswerGetRequesterContact;

/// <summary>What the registry said of the company, for the expert who opens the need: only for a sent request.</summary>
public sealed class AnswerGetRequestCompanyTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task Gives_the_company_facts_of_a_sent_request_and_nothing_for_a_draft_or_an_unknown_one()
    {
        var started = await SendAsync(new StartSolicitationCommand("autre-demande", "Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678", Tracking.None));
        await SendAsync(new ChooseEstablishmentCommand(started.Id, "73282932000074"));

        Assert.That(await SendAsync(new GetRequestCompany(started.Id)), Is.Null, "a draft is nobody's business");

        Assert.That(await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous cherchons à embaucher deux apprentis boulangers pour la rentrée.",
            null, [])), Is.True);

        Assert.That(await SendAsync(new GetRequestCompany(started.Id)), Is.EqualTo(new RequestCompany("75111", "10.71C", "03", new DateOnly(2012, 3, 15))));
        Assert.That(await SendAsync(new GetRequestCompany(Guid.NewGuid())), Is.Null);
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
