using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace PdE.Directory.Features.Accounts;

/// <summary>
/// The certificate that encrypts the data-protection keys kept in PostgreSQL: a PKCS #12 file (<c>.pfx</c>/<c>.p12</c>) with its
/// private key, from <see cref="PathSetting"/> and <see cref="PasswordSetting"/>; older ones, still needed to read the keys they
/// encrypted, from <see cref="PreviousPathsSetting"/> (same password).
/// </summary>
internal static class DataProtectionCertificate
{
    public const string PathSetting = "DataProtection:CertificatePath";
    public const string PasswordSetting = "DataProtection:CertificatePassword";
    public const string PreviousPathsSetting = "DataProtection:PreviousCertificatePaths";

    public static (X509Certificate2 Current, X509Certificate2[] Previous) Load(IConfiguration configuration)
    {
        var password = configuration[PasswordSetting];
        var current = LoadOne(configuration[PathSetting]!, password);
        var previous = (configuration.GetSection(PreviousPathsSetting).Get<string[]>() ?? []).Select(p => LoadOne(p, password)).ToArray();
        return (current, previous);
    }

    private static X509Certificate2 LoadOne(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{PathSetting}: no certificate file at « {path} ».");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        return certificate.HasPrivateKey ? certificate
            : throw new InvalidOperationException($"{PathSetting}: « {path} » holds no private key; the data-protection keys could not be read back.");
    }
}
