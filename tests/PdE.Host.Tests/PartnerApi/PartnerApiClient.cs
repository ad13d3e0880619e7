using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.PartnerApi;

/// <summary>Creating a key as an admin would (on /admin/cles-api) and calling the partner API with it.</summary>
internal static class PartnerApiClient
{
    public const string AdminPage = "/admin/cles-api";
    public const string Endpoint = "/api/v1/solicitations";

    /// <summary>Creates a key for the institution of <paramref name="institutionSlug"/> through the admin page; returns the secret shown once.</summary>
    public static async Task<string> CreateKeyAsync(PdEApplication app, HttpClient admin, string label, string institutionSlug = "cci", DateOnly? validUntil = null)
    {
        var response = await PdEApplication.SubmitFormAsync(admin, AdminPage, new Dictionary<string, string>
        {
            ["Input.InstitutionId"] = (await InstitutionIdAsync(app, institutionSlug)).ToString(),
            ["Input.Label"] = label,
            ["Input.ValidUntil"] = (validUntil ?? DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6)).ToString("yyyy-MM-dd"),
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        var key = page.QuerySelector("#cle-creee code")?.TextContent
            ?? throw new AssertionException("no key shown: " + string.Join(" | ", page.QuerySelectorAll(".fr-error-text").Select(e => e.TextContent)));
        return key;
    }

    public static async Task<Guid> InstitutionIdAsync(PdEApplication app, string slug)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select id from directory.institution where slug = @slug", new { slug });
    }

    /// <summary>A valid request body (the demo bakery, a subject without questions), to change with <paramref name="change"/>.</summary>
    public static JsonObject Body(string email, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["contact"] = new JsonObject { ["fullName"] = "Jeanne Martin", ["email"] = email, ["phone"] = "06 12 34 56 78" },
            ["siret"] = "732 829 320 00074",
            ["subject"] = "autre-demande",
            ["description"] = "Nous cherchons à embaucher deux apprentis boulangers pour la rentrée.",
            ["originUrl"] = "https://www.cci.example.fr/aides/recrutement",
            ["campaign"] = "partenaire-cci-2026",
        };
        change?.Invoke(body);
        return body;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, JsonNode body) =>
        PostRawAsync(client, key, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string? key, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The French messages of one field of a 400 answer.</summary>
    public static string[] ErrorsOf(JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(m => m!.GetValue<string>()).ToArray() ?? [];

    public static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(json.GetProperty("status").GetString(), Is.EqualTo("received"));
        return json.GetProperty("id").GetGuid();
    }
}
