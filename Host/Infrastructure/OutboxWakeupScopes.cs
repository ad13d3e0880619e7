using PdE.Shared.Outbox;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Each request is one scope of <see cref="OutboxWakeups"/>: the events its handlers write are delivered by this host's own
/// outbox loops, woken once the request has been answered, without a NOTIFY in their transactions.
/// </summary>
internal static class OutboxWakeupScopes
{
    public static IApplicationBuilder UseOutboxWakeupScopes(this IApplicationBuilder app)
    {
        var wakeups = app.ApplicationServices.GetRequiredService<OutboxWakeups>();
        return app.Use(async (context, next) =>
        {
            using var scope = wakeups.Begin();
            await next(context);
        });
    }
}
