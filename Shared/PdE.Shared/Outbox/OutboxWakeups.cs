namespace PdE.Shared.Outbox;

/// <summary>
/// Wakes this host's own outbox loops when a piece of its work that wrote events ends (a request it answered, an event it
/// published), instead of PostgreSQL's NOTIFY. A NOTIFY takes a lock for the whole database from the commit's start to its
/// end, its flush to disk included, so every transaction that notifies commits after the previous one: under the partner
/// API's load, commits queued 50 ms and more behind that lock. The host that wrote an event delivers it itself, as quickly;
/// the other hosts need not hear of it.
/// <para>
/// <see cref="Begin"/> opens a scope for the calling flow (the host's middleware for each request, <see cref="OutboxProcessor"/>
/// for each event it publishes). <see cref="OutboxWriter"/> leaves the NOTIFY out of an event written inside a scope, for a
/// schema whose loop runs on this host, and the scope wakes that loop when it ends, after the work's commits. Everything else
/// notifies as before: a scheduled job, another program, a host whose dispatcher is not running. Work that outlives its
/// scope (started in the background and committed after the answer) is found by the loop's poll
/// (<see cref="OutboxOptions.PollInterval"/>).
/// </para>
/// </summary>
public sealed class OutboxWakeups
{
    private static readonly AsyncLocal<Scope?> Current = new();

    private volatile Loops? loops;

    /// <summary>Starts a scope for the calling flow; its end wakes the loops of the schemas written in it.</summary>
    public IDisposable Begin()
    {
        var scope = new Scope(this, Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>The dispatcher's loops run: events of these schemas written in a scope may leave their NOTIFY out.</summary>
    internal void Attach(IReadOnlySet<string> schemas, Action<string> wake) => loops = new Loops(schemas, wake);

    internal void Detach() => loops = null;

    /// <summary>
    /// Called by <see cref="OutboxWriter"/> for an event it writes: true when a scope of this flow will wake the schema's loop
    /// on this host (leave the NOTIFY out), false when the transaction must notify.
    /// </summary>
    internal static bool Defer(string schema) => Current.Value?.TryAdd(schema) == true;

    private sealed record Loops(IReadOnlySet<string> Schemas, Action<string> Wake);

    private sealed class Scope(OutboxWakeups owner, Scope? outer) : IDisposable
    {
        private readonly HashSet<string> written = [];
        private bool ended;

        public bool TryAdd(string schema)
        {
            lock (written)
            {
                if (ended || owner.loops is not { } loops || !loops.Schemas.Contains(schema))
                {
                    return false;
                }

                written.Add(schema);
                return true;
            }
        }

        public void Dispose()
        {
            string[] schemas;
            lock (written)
            {
                if (ended)
                {
                    return;
                }

                ended = true;
                schemas = [.. written];
            }

            Current.Value = outer;
            // A dispatcher stopped meanwhile leaves them to another host's poll, or to this host's next start.
            if (owner.loops is { } loops)
            {
                foreach (var schema in schemas)
                {
                    loops.Wake(schema);
                }
            }
        }
    }
}
