using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PdE.Notifications.Delivery;

internal interface IMailDelivery
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>The mail server (SMTP relay, or the pickup folder) as an outside service the outbox can wait for.</summary>
internal static class MailServer
{
    /// <summary>The outbox's name for it (<c>outbox_message.waiting_for</c>).</summary>
    public const string Target = "mail-server";

    /// <summary>
    /// Whether a failure to send says the server is down or refusing every message (connection refused or lost, timeout,
    /// TLS or authentication failure, the sender refused, 421 « service not available », other temporary 4xx answers), rather than that this
    /// message or recipient was refused (a rejected recipient, a message rejected for good with 5xx).
    /// </summary>
    public static bool IsAtFault(Exception exception) => exception switch
    {
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } => false,
        // Every e-mail has the same sender: refusing it refuses them all.
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } => true,
        SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable } => true,
        SmtpCommandException { StatusCode: var status } => (int)status < 500,
        ParseException or FormatException or ArgumentException => false,
        _ => true,
    };

    /// <summary>Whether a failure says this message or recipient is refused for good (5xx, an address that cannot be written):
    /// no attempt could succeed. Anything else that is not <see cref="IsAtFault"/> is a bug, left to the outbox's retries.</summary>
    public static bool IsRefusal(Exception exception) => exception switch
    {
        SmtpCommandException => !IsAtFault(exception),
        ParseException or FormatException => true,
        _ => false,
    };

    /// <summary>The failure as the admin page tells it: the server's own answer when there is one.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SmtpCommandException command => $"{(int)command.StatusCode} {command.Message}",
        SmtpProtocolException protocol => $"échange SMTP interrompu ({protocol.Message})",
        System.Net.Sockets.SocketException socket => $"connexion impossible ({socket.SocketErrorCode}: {socket.Message})",
        TimeoutException => "délai dépassé",
        _ => exception.Message,
    };
}

internal sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    /// <summary>MailKit's SecureSocketOptions: None, Auto, StartTls, StartTlsWhenAvailable, SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string From { get; set; } = "Place des Entreprises <contact@place-des-entreprises.local>";
}

internal sealed class SmtpMailDelivery(SmtpOptions options) : IMailDelivery
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(options.Host, options.Port, options.Security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Writes each message as an .eml file: the embedded default's "mail server".</summary>
internal sealed class PickupDirectoryMailDelivery(string folder) : IMailDelivery
{
    public string Folder => folder;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{message.MessageId}.eml");
        await message.WriteToAsync(path, cancellationToken);
    }
}
