using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Contracts;
using PdE.Testing;

namespace PdE.Notifications.Tests;

/// <summary>What Matching's outbox delivers to this module.</summary>
internal static class MatchEvents
{
    public static MatchCreated NewMatch(string expertEmail, string description = "Nous voulons recruter un apprenti boulanger à la rentrée.") => new(
        EventId: Guid.CreateVersion7(),
        MatchId: Guid.CreateVersion7(),
        NeedId: Guid.CreateVersion7(),
        SolicitationId: Guid.CreateVersion7(),
        ExpertId: Guid.CreateVersion7(),
        ExpertName: "Camille Martin",
        ExpertEmail: expertEmail,
        InstitutionName: "CCI Paris Île-de-France",
        Siret: "73282932000074",
        Description: description,
        CreatedAt: new DateTime(2026, 3, 12, 9, 30, 0, DateTimeKind.Utc));

    /// <summary>Camille Martin's answer to a match of a request (a fresh event each time, as Matching writes one per answer).</summary>
    public static MatchStatusChanged StatusChanged(Guid matchId, Guid solicitationId, string from, string to, DateTime changedAt) => new(
        EventId: Guid.CreateVersion7(),
        MatchId: matchId,
        NeedId: Guid.CreateVersion7(),
        SolicitationId: solicitationId,
        ExpertId: Guid.CreateVersion7(),
        ExpertName: "Camille Martin",
        AntenneId: null,
        AntenneName: "CCI Paris",
        InstitutionId: null,
        InstitutionName: "CCI Paris Île-de-France",
        PreviousStatus: from,
        NewStatus: to,
        NeedStatus: to,
        TakenCareOfAt: to is "quo" or "not_for_me" ? null : changedAt,
        ClosedAt: to is "quo" or "taking_care" ? null : changedAt,
        ChangedAt: changedAt);

    /// <summary>A message Camille Martin wrote on a need's discussion, for <paramref name="recipients"/>.</summary>
    public static NeedCommentPosted CommentPosted(string text, params NeedCommentRecipient[] recipients)
    {
        var needId = Guid.CreateVersion7();
        return new(
            EventId: Guid.CreateVersion7(),
            CommentId: Guid.CreateVersion7(),
            NeedId: needId,
            AuthorName: "Camille Martin",
            AuthorLabel: "CCI Paris Île-de-France",
            Text: text,
            PostedAt: new DateTime(2026, 3, 12, 9, 30, 0, DateTimeKind.Utc),
            CompanyName: "BOULANGERIE MARTIN",
            SubjectLabel: "Vendre à l’international",
            NeedPath: $"/conseiller/besoins/{needId}",
            Recipients: recipients);
    }

    public static Task PublishAsync(this ModuleTestHost host, INotification @event) =>
        host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(@event);
            return true;
        });
}
