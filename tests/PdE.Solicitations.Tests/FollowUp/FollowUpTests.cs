using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Solicitations.Features.FollowUp.ResendFollowUpLinks;
using PdE.Solicitations.Features.FollowUp.ShowFollowUp;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

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
        var token = TokenOf(link);
        var otherToken = (token[0] == 'x' ? "y" : "x") + token[1..]; // a token may itself start with 'x'
        Assert.That(await SendAsync(new ShowFollowUpQuery(otherToken)), Is.Null, "another token finds nothing");
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

    [Test]
    public async Task The_page_learns_who_took_the_request_who_declined_and_when_it_was_closed()
    {
        var id = await SubmitAsync("jeanne.martin@boulangerie-martin.fr");
        var camille = Match(id, "CCI Paris Île-de-France");
        var bruno = Match(id, "Bpifrance") with { ExpertName = "Bruno Petit" };
        await PublishAsync(camille);
        await PublishAsync(bruno);
        var token = TokenOf((await LastLinkAsync(id)).Link);
        var takenAt = new DateTime(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);

        await PublishAsync(StatusChanged(camille, "quo", "taking_care", takenAt, takenAt, null));
        var taken = await SendAsync(new ShowFollowUpQuery(token));
        await PublishAsync(StatusChanged(bruno, "quo", "not_for_me", takenAt.AddHours(1), null, takenAt.AddHours(1)));
        await PublishAsync(StatusChanged(camille, "taking_care", "done", takenAt.AddDays(2), takenAt, takenAt.AddDays(2)));
        var closed = await SendAsync(new ShowFollowUpQuery(token));

        Assert.That(taken!.TakenBy.Select(a => (a.ExpertName, a.InstitutionName, a.TakenAt)), Is.EqualTo(new[] { ("Camille Martin", "CCI Paris Île-de-France", (DateTime?)takenAt) }));
        Assert.That((taken.ClosedBy, taken.Declined), Is.EqualTo(((AdvisorAnswer?)null, 0)));
        Assert.That((closed!.ClosedBy?.ExpertName, closed.ClosedBy?.Status, closed.ClosedBy?.ClosedAt), Is.EqualTo(("Camille Martin", "done", (DateTime?)takenAt.AddDays(2))));
        Assert.That((closed.Declined, closed.DeclinedByAll, closed.Advisors), Is.EqualTo((1, false, 2)));
    }

    [Test]
    public async Task An_older_or_repeated_status_event_does_not_undo_a_newer_one_and_one_ahead_of_its_match_still_counts()
    {
        var id = await SubmitAsync("jeanne.martin@boulangerie-martin.fr");
        var camille = Match(id, "CCI Paris Île-de-France");
        var now = DateTime.UtcNow;
        var declined = StatusChanged(camille, "quo", "not_for_me", now, null, now);

        // The status change overtakes the MatchCreated it follows (a retried delivery): both still count once.
        await PublishAsync(declined);
        await PublishAsync(camille);
        await PublishAsync(StatusChanged(camille, "quo", "taking_care", now.AddMinutes(-5), now.AddMinutes(-5), null));
        // The same event delivered again (same id), even with other values, is ignored.
        await PublishAsync(declined with { ChangedAt = now.AddMinutes(10), NewStatus = "quo" });

        var page = await SendAsync(new ShowFollowUpQuery(TokenOf((await LastLinkAsync(id)).Link)));

        Assert.That((page!.Advisors, page.Declined, page.DeclinedByAll, page.TakenBy.Count()), Is.EqualTo((1, 1, true, 0)));
    }

    private static MatchStatusChanged StatusChanged(MatchCreated match, string from, string to, DateTime at, DateTime? takenAt, DateTime? closedAt) => new(
        Guid.NewGuid(), match.MatchId, match.NeedId, match.SolicitationId, match.ExpertId, match.ExpertName, null, "Antenne", null, match.InstitutionName,
        from, to, to, takenAt, closedAt, at);

    private static Task PublishAsync(MatchStatusChanged changed) =>
        SolicitationsTestHost.Host.InScopeAsync(async sp => { await sp.GetRequiredService<IPublisher>().Publish(changed); return 0; });

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
