using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PdE.Notifications.Delivery;

internal interface IMailDelivery
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
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
