using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using static PdE.Host.Tests.PartnerApi.PartnerApiClient;

namespace PdE.Host.Tests.PartnerApi;

/// <summary>
/// The partner API's read side (issue 15, item 7): the public catalogue a partner builds its own form from, where a request
/// it sent stands, and the OpenAPI document that describes them all.
/// </summary>
public sealed class PartnerApiReadTests : SiteTests
{
    private HttpClient admin = null!;
    private string cciKey = null!;

    [OneTimeSetUp]
    public async Task CreateKeyAsync()
    {
        admin = await App.SignedInClientAsync();
        cciKey = await PartnerApiClient.CreateKeyAsync(App, admin, "Site de la CCI");
    }

    [Test]
    public async Task The_catalogue_is_the_one_the_site_shows()
    {
        var client = App.CreateClient();
        var themes = await GetJsonAsync<JsonArray>(client, cciKey, "/api/v1/themes");
        var subjects = await GetJsonAsync<JsonArray>(client, cciKey, "/api/v1/subjects");
        var landings = await GetJsonAsync<JsonArray>(client, cciKey, "/api/v1/landings");

        var home = await PdEApplication.ParseAsync(await client.GetAsync("/"));
        Assert.That(themes.Select(t => "/themes/" + t!["slug"]!.GetValue<string>()),
            Is.EqualTo(home.QuerySelectorAll(".fr-tile__title a").Select(a => a.GetAttribute("href"))), "the home page's tiles, in order");
        var subjectsOfThemes = themes.SelectMany(t => t!["subjects"]!.AsArray().Select(s => (Theme: t["slug"]!.GetValue<string>(), Subject: s!.GetValue<string>())));
        Assert.That(subjects.Select(s => (s!["theme"]!.GetValue<string>(), s["slug"]!.GetValue<string>())), Is.EqualTo(subjectsOfThemes));

        foreach (var subject in subjects.Take(3))
        {
            var page = await PdEApplication.ParseAsync(await client.GetAsync($"/sujets/{subject!["slug"]}"));
            Assert.That(page.QuerySelector("h1")!.TextContent, Does.Contain(subject["label"]!.GetValue<string>()));
        }

        Assert.That(subjects.Any(s => s!["questions"]!.AsArray().Count > 0), "the subjects' yes/no questions, for the answers");

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var stored = (await connection.QueryAsync<string>("select slug from solicitations.landing order by slug")).ToList();
        Assert.That(stored, Is.Not.Empty);
        Assert.That(landings.Select(l => l!["slug"]!.GetValue<string>()), Is.EqualTo(stored));
        foreach (var landing in landings)
        {
            Assert.That((await client.GetAsync(landing!["path"]!.GetValue<string>())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [TestCase("/api/v1/themes")]
    [TestCase("/api/v1/subjects")]
    [TestCase("/api/v1/landings")]
    [TestCase("/api/v1/solicitations/0194d6b4-7d1c-7000-8000-000000000000")]
    public async Task Every_read_needs_a_valid_key(string path)
    {
        var client = App.CreateClient();
        foreach (var key in new string?[] { null, "pde_" + new string('x', 43) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{path} with {key ?? "no key"}");
            Assert.That((await ProblemAsync(response))["title"]!.GetValue<string>(), Is.EqualTo("Clé d’API refusée"));
        }
    }

    [Test]
    public async Task A_partner_follows_its_request_from_reception_to_an_advisors_answer()
    {
        var client = App.CreateClient();
        var id = await CreatedIdAsync(await PostAsync(client, cciKey, Body("suivi@api-boulangerie.fr")));
        var received = await GetJsonAsync<JsonObject>(client, cciKey, $"/api/v1/solicitations/{id}");
        Assert.That(received["status"]!.GetValue<string>(), Is.EqualTo("received"));
        Assert.That(received["subject"]!.GetValue<string>(), Is.EqualTo("autre-demande"));
        Assert.That(received["sentAt"], Is.Null);
        Assert.That(received["institutions"]!.AsArray(), Is.Empty);

        // The team validates it; Matching sends it to three advisors of two institutions, one of whom takes it in charge.
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                update solicitations.solicitation set status = 'validated' where id = @id;
                insert into solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at, expert_name, status, taken_at, status_changed_at)
                values (gen_random_uuid(), @id, 'CCI Paris Île-de-France', now() - interval '2 hours', 'Camille Martin', 'taking_care', now(), now()),
                       (gen_random_uuid(), @id, 'CCI Paris Île-de-France', now() - interval '2 hours', 'Paul Durand', 'quo', null, null),
                       (gen_random_uuid(), @id, 'Urssaf', now() - interval '2 hours', 'Lina Benali', 'quo', null, null);
                """, new { id });
        }

        var answered = await GetJsonAsync<JsonObject>(client, cciKey, $"/api/v1/solicitations/{id}");
        Assert.That(answered["status"]!.GetValue<string>(), Is.EqualTo("validated"));
        Assert.That(answered["sentAt"], Is.Not.Null);
        Assert.That(answered["institutions"]!.AsArray().Select(i => (i!["name"]!.GetValue<string>(), i["advisors"]!.GetValue<int>())),
            Is.EqualTo(new[] { ("CCI Paris Île-de-France", 2), ("Urssaf", 1) }));
        var answer = answered["answers"]!.AsArray().Single()!;
        Assert.That(answer["institution"]!.GetValue<string>(), Is.EqualTo("CCI Paris Île-de-France"));
        Assert.That(answer["status"]!.GetValue<string>(), Is.EqualTo("taking_care"));
        Assert.That(answered.ToJsonString(), Does.Not.Contain("Camille Martin"), "the advisors' names stay with the requester");
    }

    [Test]
    public async Task Another_institution_and_an_unknown_id_find_no_request_and_a_set_aside_one_reads_received()
    {
        var client = App.CreateClient();
        var id = await CreatedIdAsync(await PostAsync(client, cciKey, Body("autre@api-boulangerie.fr")));
        var cmaKey = await PartnerApiClient.CreateKeyAsync(App, admin, "Site de la CMA", "cma");

        foreach (var (key, path) in new[] { (cmaKey, $"/api/v1/solicitations/{id}"), (cciKey, $"/api/v1/solicitations/{Guid.CreateVersion7()}") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
            Assert.That((await ProblemAsync(response))["detail"]!.GetValue<string>(), Does.StartWith("Aucune demande envoyée par votre institution"));
        }

        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("update solicitations.solicitation set status = 'blocked' where id = @id", new { id });
        }

        Assert.That((await GetJsonAsync<JsonObject>(client, cciKey, $"/api/v1/solicitations/{id}"))["status"]!.GetValue<string>(), Is.EqualTo("received"));
    }

    [Test]
    public async Task The_OpenAPI_document_describes_every_endpoint_of_the_partner_API_and_its_key()
    {
        var document = (await App.CreateClient().GetFromJsonAsync<JsonObject>("/api/v1/openapi.json"))!;

        Assert.That(document["openapi"]!.GetValue<string>(), Does.StartWith("3."));
        Assert.That(document["info"]!["title"]!.GetValue<string>(), Is.EqualTo("API partenaires de Place des Entreprises"));
        var paths = document["paths"]!.AsObject();
        Assert.That(paths.Select(p => p.Key), Is.EquivalentTo(new[]
        {
            "/api/v1/solicitations", "/api/v1/solicitations/{id}", "/api/v1/themes", "/api/v1/subjects", "/api/v1/landings",
        }));
        Assert.That(paths["/api/v1/solicitations"]!["post"]!["requestBody"], Is.Not.Null, "the request's body is described");
        Assert.That(paths["/api/v1/solicitations"]!["post"]!["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "201", "400", "401", "429" }));
        Assert.That(paths["/api/v1/solicitations/{id}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key), Is.SupersetOf(new[] { "200", "401", "404" }));
        Assert.That(document["components"]!["securitySchemes"]!["cle-api"]!["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
    }

    private static async Task<T> GetJsonAsync<T>(HttpClient client, string key, string path)
        where T : JsonNode
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {await response.Content.ReadAsStringAsync()}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return (T)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
