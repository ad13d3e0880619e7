using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Features.PartnerApi;
using PdE.Solicitations.Features.PartnerApi.ManagePartnerApiKeys;
using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;

namespace PdE.Solicitations.Tests.PartnerApi;

/// <summary>The partners' API keys: created with a hash only, refused once expired or revoked, recorded on the requests they send.</summary>
public sealed class PartnerApiKeyTests
{
    private static readonly Guid InstitutionId = Guid.NewGuid();

    private static DateOnly Today => ParisCalendar.Today(TimeProvider.System);

    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task A_new_key_is_stored_as_its_hash_and_prefix_and_authenticates_its_institution()
    {
        var created = await SendAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI Bretagne", " Site de la CCI ", Today.AddMonths(3), "Alice Admin"));

        var check = await SendAsync(new AuthenticatePartnerKeyCommand(created.Key));

        Assert.That(check.Caller, Is.EqualTo(new PartnerCaller(created.Id, created.Key[..12], "Site de la CCI", InstitutionId, "CCI Bretagne")));
        var row = await RowAsync<(byte[] Hash, string Prefix, string CreatedBy, DateTime ExpiresAt, DateTime? LastUsedAt)>(
            "select secret_hash, key_prefix, created_by, expires_at, last_used_at from solicitations.partner_api_key where id = @Id", created.Id);
        Assert.That(row.Hash, Is.EqualTo(PartnerApiKeySecret.Hash(created.Key)));
        Assert.That((row.Prefix, row.CreatedBy), Is.EqualTo((created.KeyPrefix, "Alice Admin")));
        Assert.That(ParisCalendar.LastDayBefore(row.ExpiresAt), Is.EqualTo(Today.AddMonths(3)), "valid until the end of the chosen day");
        Assert.That(row.LastUsedAt, Is.Not.Null);
    }

    [Test]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var created = await SendAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI Bretagne", "Site", Today.AddMonths(3), "Alice Admin"));
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        var halfAMinuteAgo = await connection.ExecuteScalarAsync<DateTime>(
            "update solicitations.partner_api_key set last_used_at = now() - interval '30 seconds' where id = @Id returning last_used_at", new { created.Id });

        Assert.That((await SendAsync(new AuthenticatePartnerKeyCommand(created.Key))).Caller, Is.Not.Null);
        Assert.That(await LastUsedAsync(), Is.EqualTo(halfAMinuteAgo), "used less than a minute ago: not written again");

        await connection.ExecuteAsync("update solicitations.partner_api_key set last_used_at = now() - interval '2 minutes' where id = @Id", new { created.Id });
        Assert.That((await SendAsync(new AuthenticatePartnerKeyCommand(created.Key))).Caller, Is.Not.Null);
        Assert.That(await LastUsedAsync(), Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromSeconds(30)), "a minute later: written");

        Task<DateTime> LastUsedAsync() =>
            connection.ExecuteScalarAsync<DateTime>("select last_used_at from solicitations.partner_api_key where id = @Id", new { created.Id });
    }

    [Test]
    public async Task An_unknown_a_malformed_a_missing_an_expired_and_a_revoked_key_are_refused_with_a_reason_for_the_log()
    {
        var expired = await SendAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI Bretagne", "Ancienne", Today.AddDays(1), "Alice"));
        var revoked = await SendAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI Bretagne", "Révoquée", Today.AddDays(30), "Alice"));
        await using (var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString))
        {
            await connection.ExecuteAsync(
                "update solicitations.partner_api_key set created_at = now() - interval '1 day', expires_at = now() - interval '1 second' where id = @Id", new { expired.Id });
        }

        Assert.That(await SendAsync(new RevokePartnerApiKeyCommand(revoked.Id, "Bruno Admin")), Is.True);
        Assert.That(await SendAsync(new RevokePartnerApiKeyCommand(revoked.Id, "Bruno Admin")), Is.False, "revoked once");

        var checks = new[] { expired.Key, revoked.Key, PartnerApiKeySecret.Create(), "pde_trop-court", null };
        var refusals = new List<string?>();
        foreach (var key in checks)
        {
            var check = await SendAsync(new AuthenticatePartnerKeyCommand(key));
            Assert.That(check.Caller, Is.Null);
            refusals.Add(check.Refusal);
        }

        Assert.That(refusals[0], Does.Contain(expired.KeyPrefix).And.Contain("expired on"));
        Assert.That(refusals[1], Does.Contain(revoked.KeyPrefix).And.Contain("revoked on").And.EndsWith("by Bruno Admin"));
        Assert.That(refusals[2], Does.StartWith("unknown key pde_"));
        Assert.That(refusals[3], Does.StartWith("malformed key"));
        Assert.That(refusals[4], Does.StartWith("no 'Authorization: Bearer <key>' header"));
        var keys = await SendAsync(new ListPartnerApiKeysQuery());
        var now = DateTime.UtcNow;
        Assert.That(keys.Select(k => (k.Label, k.IsActive(now), k.RevokedBy)), Is.EquivalentTo(new[] { ("Ancienne", false, (string?)null), ("Révoquée", false, "Bruno Admin") }));
    }

    [Test]
    public async Task A_request_started_with_a_partner_key_records_the_key_and_its_institution()
    {
        var key = await SendAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI Bretagne", "Site", Today.AddDays(30), "Alice"));

        var started = await SendAsync(new StartSolicitationCommand("autre-demande", "Jeanne Martin", "jeanne@exemple.fr", "0612345678",
            Tracking.From(null, "campagne", null, "https://cci.example.fr") with { PartnerApiKeyId = key.Id }));
        var form = await SendAsync(new StartSolicitationCommand("autre-demande", "Jeanne Martin", "jeanne@exemple.fr", "0612345678", Tracking.None));

        Assert.That(await RowAsync<(Guid?, Guid?)>("select partner_api_key_id, partner_institution_id from solicitations.solicitation where id = @Id", started.Id),
            Is.EqualTo(((Guid?)key.Id, (Guid?)InstitutionId)));
        Assert.That(await RowAsync<(Guid?, Guid?)>("select partner_api_key_id, partner_institution_id from solicitations.solicitation where id = @Id", form.Id),
            Is.EqualTo(((Guid?)null, (Guid?)null)));
    }

    [TestCase(0, "La date de fin de validité doit être postérieure à aujourd’hui.")]
    [TestCase(367, "Une clé est valable un an au plus")]
    public async Task A_key_is_valid_from_tomorrow_to_a_year_at_most(int days, string message)
    {
        var errors = await ValidateAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI", "Site", Today.AddDays(days), "Alice"));

        Assert.That(errors, Has.Length.EqualTo(1).And.One.StartsWith(message));
        Assert.That(await ValidateAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI", "Site", Today.AddYears(1), "Alice")), Is.Empty);
        Assert.That(await ValidateAsync(new CreatePartnerApiKeyCommand(InstitutionId, "CCI", "Site", Today.AddDays(1), "Alice")), Is.Empty);
    }

    [Test]
    public async Task A_key_needs_an_institution_a_label_and_a_date()
    {
        var errors = await ValidateAsync(new CreatePartnerApiKeyCommand(null, null, "", null, "Alice"));

        Assert.That(errors, Is.EqualTo(new[]
        {
            "Choisissez l’institution partenaire à qui la clé est destinée.",
            "Indiquez un libellé pour reconnaître la clé, par exemple « Formulaire du site de la CCI ».",
            "Indiquez jusqu’à quelle date la clé est valable.",
        }));
    }

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<string[]> ValidateAsync(CreatePartnerApiKeyCommand command) =>
        SolicitationsTestHost.Host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<IValidator<CreatePartnerApiKeyCommand>>().ValidateAsync(command)).Errors.Select(e => e.ErrorMessage).ToArray());

    private static async Task<T> RowAsync<T>(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, new { Id = id });
    }
}
