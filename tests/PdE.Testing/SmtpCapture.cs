using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PdE.Testing;

/// <summary>A real SMTP server on loopback that keeps every message it receives, for tests of e-mail delivery.</summary>
public sealed class SmtpCapture : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private readonly CapturingStore store = new();

    public SmtpCapture()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => store.Messages;

    /// <summary>While true, every message is answered 421 « service not available » and not kept: a relay that is down.</summary>
    public bool Refusing
    {
        get => store.Refusing;
        set => store.Refusing = value;
    }

    /// <summary>Addresses the server refuses for good: a message to one of them is answered 550 « mailbox unavailable ».</summary>
    public ConcurrentDictionary<string, bool> RefusedRecipients => store.RefusedRecipients;

    /// <summary>
    /// When set, awaited for each message kept, before the server answers 250 « OK »: what happens between the relay's
    /// acceptance and the sender learning of it (e.g. the database failing).
    /// </summary>
    public Func<MimeMessage, Task>? OnAccepting
    {
        get => store.OnAccepting;
        set => store.OnAccepting = value;
    }

    /// <summary>Waits until a message matching <paramref name="predicate"/> arrives.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var found = store.Messages.FirstOrDefault(predicate);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching e-mail arrived; {store.Messages.Count} received.");
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class CapturingStore : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Queue { get; } = new();
        public IReadOnlyCollection<MimeMessage> Messages => Queue.ToArray();
        public volatile bool Refusing;
        public Func<MimeMessage, Task>? OnAccepting;
        public ConcurrentDictionary<string, bool> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Refusing)
            {
                return new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Service not available, closing transmission channel");
            }

            if (transaction.To.Any(to => RefusedRecipients.ContainsKey($"{to.User}@{to.Host}")))
            {
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 Mailbox unavailable: no such user here");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Queue.Enqueue(message);
            if (OnAccepting is { } onAccepting)
            {
                await onAccepting(message);
            }

            return SmtpResponse.Ok;
        }
    }
}
