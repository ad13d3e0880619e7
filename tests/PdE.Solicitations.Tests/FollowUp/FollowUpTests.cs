using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Solicitations.Features.ChooseCompany;
using PdE.Solicitations.Features.DescribeNeed;
using PdE.Solicitations.Features.ResendFollowUpLinks;
using PdE.Solicitations.Features.ShowFollowUp;
using PdE.Solicitations.Features.StartSolicitation;

namespace PdE.Solicitations.Tests.FollowUp;

/// <summary>The requester's private follow-up page: its link, what it says, how it learns from Matching, and re-sending it.</summary>
public sealed class FollowUpTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task Sending_a_request_issues_a_private_link_by_email_whose_page_says_it_was_received()
    {
        var id = await SubmitAsync("jeanne.martin@boulangerie-martin.fr");

        var (link, resend) = await LastLinkAsync(id);
        var page = await SendAsync(new ShowFollowUpQuery(TokenOf(link)));

        Assert.That(link, Does.Match("^http://localhost:5080/suivi/[A-Za-z0-9_-]{43}$"));
        Assert.That(resend, Is.False);
        Assert.That((page!.Status, page.CompanyName, page.Institutions), Is.EqualTo(("received", "BOULANGERIE MARTIN", Array.Empty<InstitutionReached>())));
        Assert.That(await SendAsync(new ShowFollowUpQuery("x" + TokenOf(link)[1..])), Is.Null, "another token finds nothing");
    }

    [Test]
    public async Task Matches_created_by_matching_show_the_institutions_once_each_even_when_an_event_comes_twice()
    {
        var id = await SubmitAsync("jeanne.martin@boulangerie-martin.fr");
        var first = Match(id, "CCI Paris Île-de-France");
        await PublishAsync(first);
        await PublishAsync(first);
        await PublishAsync(Match(id, "CCI Paris Île-de-France"));
        await PublishAsync(Match(id, "Bpifrance"));

        var page = await SendAsync(new ShowFollowUpQuery(TokenOf((await LastLinkAsync(id)).Link)));

        Assert.That(page!.Institutions, Is.EqualTo(new[] { new InstitutionReached("Bpifrance", 1), new InstitutionReached("CCI Paris Île-de-France", 2) }));
        Assert.That((page.Advisors, page.SentAt.HasValue), Is.EqualTo((3, true)));
    }

    [Test]
    public async Task Asking_again_sends_new_links_for_that_address_only_and_the_old_link_stops_working()
    {
        var id = await SubmitAsync("jeanne.martin@boulangerie-martin.fr");
        await SubmitAsync("quelqu.un@ailleurs.fr");
        var oldToken = TokenOf((await LastLinkAsync(id)).Link);

        var sent = await SendAsync(new ResendFollowUpLinksCommand("Jeanne.Martin@Boulangerie-Martin.fr"));
        var unknown = await SendAsync(new ResendFollowUpLinksCommand("personne@nulle-part.fr"));

        var (link, resend) = await LastLinkAsync(id);
        Assert.That((sent, unknown, resend), Is.EqualTo((1, 0, true)));
        Assert.That(await SendAsync(new ShowFollowUpQuery(oldToken)), Is.Null);
        Assert.That(await SendAsync(new ShowFollowUpQuery(TokenOf(link))), Is.Not.Null);
    }

    private static MatchCreated Match(Guid solicitationId, string institution) => new(
        Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), solicitationId, Guid.NewGuid(), "Camille Martin", "camille@example.fr",
        institution, "73282932000074", "Un four", DateTime.UtcNow);

    private static async Task<Guid> SubmitAsync(string email)
    {
        var started = await SendAsync(new StartSolicitationCommand("financer-projet", "Jeanne Martin", email, "0612345678", Tracking.None));
        await SendAsync(new ChooseEstablishmentCommand(started.Id, "73282932000074"));
        Assert.That(await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous voulons acheter un nouveau four à pain pour doubler la production.",
            "Mon projet consiste à…", [new("financement-bancaire", "Avez-vous déjà un financement bancaire ?", true), new("projet-demarre", "Le projet a-t-il déjà commencé ?", false)])), Is.True);
        return started.Id;
    }

    /// <summary>The link of the latest <c>FollowUpLinkIssued</c> event of this request, as Notifications will receive it.</summary>
    private static async Task<(string Link, bool IsResend)> LastLinkAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        var payload = await connection.QueryFirstAsync<string>("""
            select payload::text from solicitations.outbox_message
            where type like 'PdE.Solicitations.Contracts.FollowUpLinkIssued,%' and payload ->> 'solicitationId' = @id
            order by occurred_at desc, id desc
            """, new { id = id.ToString() });
        using var json = JsonDocument.Parse(payload);
        return (json.RootElement.GetProperty("followUpUrl").GetString()!, json.RootElement.GetProperty("isResend").GetBoolean());
    }

    private static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    private static Task PublishAsync(MatchCreated created) =>
        SolicitationsTestHost.Host.InScopeAsync(async sp => { await sp.GetRequiredService<IPublisher>().Publish(created); return 0; });

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
