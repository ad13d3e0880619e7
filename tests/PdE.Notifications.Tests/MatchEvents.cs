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

    public static Task PublishAsync(this ModuleTestHost host, INotification @event) =>
        host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(@event);
            return true;
        });
}
