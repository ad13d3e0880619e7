using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Hardening;

/// <summary>
/// Issue 11 item 13, behind a proxy: X-Forwarded-For and X-Forwarded-Proto are believed from the configured proxies only
/// (the sign-in waits count the client's address, not one a client chose), and HTTPS answers carry HSTS.
/// </summary>
public sealed class ReverseProxyTests : SiteTests
{
    protected override bool ListensOnKestrel => true;

    // The test's own connections come from loopback: here, the proxy.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1" };

    [Test]
    public async Task The_client_address_and_scheme_come_from_known_proxies_only()
    {
        await using var elsewhere = await PdEApplication.StartAsync(
            kestrel: true, sharedDatabase: App.Database, settings: new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = "10.9.8.0/24" });

        await FailSignInAsync(App.KestrelAddress!, "mauvais.proxy@example.fr", forwardedFor: "203.0.113.99");
        await FailSignInAsync(elsewhere.KestrelAddress!, "mauvais.proxy@example.fr", forwardedFor: "203.0.113.100");

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var counted = (await connection.QueryAsync<string>(
            "select client_ip from directory.sign_in_throttle where email = 'mauvais.proxy@example.fr' order by client_ip")).ToList();
        Assert.That(counted, Is.EqualTo(new[] { "127.0.0.1", "203.0.113.99" }),
            "the known proxy's client is believed; behind an unknown one, the connection's own address counts");

        using var https = await GetAsync(App.KestrelAddress!, forwardedProto: "https");
        Assert.That(https.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? hsts.Single() : null, Is.EqualTo("max-age=31536000"));
        using var http = await GetAsync(App.KestrelAddress!, forwardedProto: null);
        Assert.That(http.Headers.Contains("Strict-Transport-Security"), Is.False, "not on plain HTTP");
        using var notBelieved = await GetAsync(elsewhere.KestrelAddress!, forwardedProto: "https");
        Assert.That(notBelieved.Headers.Contains("Strict-Transport-Security"), Is.False, "an unknown proxy's scheme is not believed");
    }

    private static async Task FailSignInAsync(Uri site, string email, string forwardedFor)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = site };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = "mauvais mot de passe",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "refused: the form again");
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri site, string? forwardedProto)
    {
        using var client = new HttpClient { BaseAddress = site };
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        // HSTS is never sent to localhost: the public name, as the proxy passes it on.
        request.Headers.Host = "place-des-entreprises.example.fr";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return await client.SendAsync(request);
    }
}

/// <summary>Issue 11 item 13: with a certificate configured, the data-protection keys kept in PostgreSQL are encrypted with it.</summary>
public sealed class EncryptedKeyRingTests : SiteTests
{
    private static readonly string CertificatePath = Path.Combine(Path.GetTempPath(), $"pde-data-protection-{Guid.NewGuid():N}.pfx");

    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=PdE data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, "mot de passe du certificat"));
            return new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = CertificatePath,
                ["DataProtection:CertificatePassword"] = "mot de passe du certificat",
            };
        }
    }

    [OneTimeTearDown]
    public void DeleteCertificate() => File.Delete(CertificatePath);

    [Test]
    public async Task The_keys_are_stored_encrypted_and_sessions_still_work()
    {
        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        Assert.That((await advisor.GetAsync("/conseiller")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var keys = (await connection.QueryAsync<string>("select xml from directory.data_protection_key")).ToList();
        Assert.That(keys, Is.Not.Empty);
        Assert.That(keys, Has.All.Contains("EncryptedData").And.All.Not.Contains("<value>"), "no key in clear in the database");
    }
}
