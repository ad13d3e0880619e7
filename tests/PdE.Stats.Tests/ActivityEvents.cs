using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Contracts;
using PdE.Solicitations.Contracts;
using PdE.Testing;

namespace PdE.Stats.Tests;

/// <summary>The events other modules' outboxes deliver to Stats.</summary>
internal static class ActivityEvents
{
    public static readonly Guid ExpertId = Guid.CreateVersion7();

    public static readonly Guid AntenneId = Guid.CreateVersion7();

    public static readonly Guid InstitutionId = Guid.CreateVersion7();

    public static SolicitationSubmitted Submitted(DateTime at) => new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "73282932000074", "autre-demande",
        "Nous voulons recruter un apprenti boulanger à la rentrée.", at);

    public static NeedRouted Routed(DateTime at) => new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 2, at);

    /// <summary>An expert answered a match of <paramref name="needId"/>, which Matching then says is <paramref name="needStatus"/>.</summary>
    public static MatchStatusChanged StatusChanged(Guid needId, Guid matchId, string from, string to, string needStatus, DateTime at) => new(
        Guid.CreateVersion7(), matchId, needId, Guid.CreateVersion7(), ExpertId, "Camille Martin", AntenneId, "CCI Paris", InstitutionId,
        "CCI Paris Île-de-France", from, to, needStatus, to is "quo" or "not_for_me" ? null : at, to is "quo" or "taking_care" ? null : at, at);

    public static DateTime Utc(int year, int month, int day, int hour = 12, int minute = 0) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static Task PublishAsync(this ModuleTestHost host, INotification @event) =>
        host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(@event);
            return true;
        });
}
