using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

namespace PdE.Solicitations.Tests.AnswerRequestForExperts;

/// <summary>The requester's details, for the expert who opens the need: only for a sent request.</summary>
public sealed class AnswerRequestForExpertsTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task Gives_the_contact_of_a_sent_request_and_nothing_for_a_draft_or_an_unknown_one()
    {
        var started = await SendAsync(new StartSolicitationCommand("financer-projet", "Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678", Tracking.None));
        await SendAsync(new ChooseEstablishmentCommand(started.Id, "73282932000074"));

        Assert.That(await SendAsync(new GetRequesterContact(started.Id)), Is.Null, "a draft is nobody's business");

        Assert.That(await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous voulons acheter un nouveau four à pain pour doubler la production.",
            "Mon projet consiste à…", [new("financement-bancaire", "Avez-vous déjà un financement bancaire ?", true), new("projet-demarre", "Le projet a-t-il déjà commencé ?", false)])), Is.True);

        Assert.That(await SendAsync(new GetRequesterContact(started.Id)), Is.EqualTo(new RequesterContact("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678")));
        Assert.That(await SendAsync(new GetRequesterContact(Guid.NewGuid())), Is.Null);
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
