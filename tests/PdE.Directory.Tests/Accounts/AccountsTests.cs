using System.Security.Cryptography;
using System.Text;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Accounts.ChoosePassword;
using PdE.Directory.Features.Accounts.InviteUser;
using PdE.Directory.Features.Accounts.RequestPasswordReset;
using PdE.Directory.Features.Accounts.SignIn;
using PdE.Directory.Features.Shared;
using static PdE.Directory.Tests.Accounts.AccountTestSupport;

namespace PdE.Directory.Tests.Accounts;

public abstract class AccountsTestBase
{
    protected const string GoodPassword = "une phrase de passe solide";

    [SetUp]
    public async Task ResetAsync()
    {
        AccountsTestHost.Clock.Offset = TimeSpan.Zero;
        await AccountsTestHost.Host.ResetAsync();
    }

    protected static NpgsqlConnection Connect() => new(AccountsTestHost.Host.Database.ConnectionString);
}

public sealed class InviteUserTests : AccountsTestBase
{
    [Test]
    public async Task Inviting_creates_an_account_without_password_and_queues_the_link_for_the_email()
    {
        var (userId, token) = await InviteAsync();

        await using var connection = Connect();
        var hash = await connection.QuerySingleAsync<string?>("select password_hash from directory.user_account where id = @userId", new { userId });
        Assert.That(hash, Is.Null);
        Assert.That(await LastLinkAsync("UserInvited", "invitationUrl"), Is.EqualTo($"https://pde.example.fr/compte/invitation/{token}"));
    }

    [Test]
    public async Task Only_the_sha256_of_the_token_is_stored()
    {
        var (_, token) = await InviteAsync();

        await using var connection = Connect();
        var stored = await connection.QuerySingleAsync<byte[]>("select token_hash from directory.user_token");
        Assert.That(stored, Is.EqualTo(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var leaked = await connection.ExecuteScalarAsync<bool>(
            "select exists (select 1 from directory.user_token t where encode(t.token_hash, 'escape') like '%' || @token || '%')", new { token });
        Assert.That(leaked, Is.False);
    }

    [Test]
    public async Task Records_the_invitation_and_its_author_in_the_audit_log()
    {
        var admin = new Actor(Guid.NewGuid(), "Alice Admin");
        var result = await SendAsync(new InviteUserCommand("Léa Dubois", "lea.dubois@example.fr", CamilleAntenne, true, [], [], admin));

        await using var connection = Connect();
        var entry = await connection.QuerySingleAsync<(string ActorName, string Action, string After)>(
            "select actor_name, action, after::text from directory.audit_entry where entity_type = 'user' and entity_id = @UserId", new { result.UserId });
        Assert.That((entry.ActorName, entry.Action), Is.EqualTo(("Alice Admin", "Invitation")));
        Assert.That(AuditEntry.Describe(entry.After), Does.StartWith("Nom : Léa Dubois · Adresse : lea.dubois@example.fr · Administrateur : oui"));
    }

    [Test]
    public async Task Refuses_an_address_already_used_whatever_its_case()
    {
        var result = await SendAsync(new InviteUserCommand("Camille Bis", "Camille.MARTIN@cci-paris-idf.example.fr", CamilleAntenne, false, [], []));

        Assert.That(result.UserId, Is.Null);
        Assert.That(result.Error, Is.EqualTo("Un compte existe déjà avec cette adresse électronique."));
    }
}

public sealed class AcceptInvitationTests : AccountsTestBase
{
    [Test]
    public async Task An_invitation_link_sets_the_password_and_signs_in_only_once()
    {
        var (userId, token) = await InviteAsync();
        Assert.That(await SendAsync(new CheckPasswordLinkQuery(UserTokens.Invitation, token)), Is.True);

        var user = await SendAsync(new ChoosePasswordCommand(UserTokens.Invitation, token, GoodPassword, GoodPassword));

        Assert.That(user, Is.Not.Null);
        Assert.That((user!.Id, user.FullName), Is.EqualTo((userId, "Léa Dubois")));
        Assert.That(await SendAsync(new CheckPasswordLinkQuery(UserTokens.Invitation, token)), Is.False);
        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.Invitation, token, "un autre mot de passe long", "un autre mot de passe long")), Is.Null);
        Assert.That(await SendAsync(new SignInCommand("lea.dubois@cci-paris-idf.example.fr", GoodPassword)), Is.Not.Null);
    }

    [Test]
    public async Task An_invitation_link_expires_after_seven_days()
    {
        var (_, token) = await InviteAsync();

        AccountsTestHost.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.That(await SendAsync(new CheckPasswordLinkQuery(UserTokens.Invitation, token)), Is.False);
        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.Invitation, token, GoodPassword, GoodPassword)), Is.Null);
    }

    [Test]
    public async Task An_unknown_token_is_refused()
    {
        await InviteAsync();

        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.Invitation, "pas-un-vrai-jeton", GoodPassword, GoodPassword)), Is.Null);
    }

    [TestCase("court", "court", "Le mot de passe doit comporter au moins 12 caractères.")]
    [TestCase("onze-caract", "onze-caract", "Le mot de passe doit comporter au moins 12 caractères.")]
    [TestCase("", "", "Choisissez un mot de passe.")]
    [TestCase("douze-caract", "douze-caractX", "Les deux mots de passe saisis sont différents.")]
    public async Task The_password_must_have_at_least_12_characters_and_be_confirmed(string password, string confirmation, string message)
    {
        var result = await ValidateAsync(new ChoosePasswordCommand(UserTokens.Invitation, "jeton", password, confirmation));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task A_password_of_exactly_12_characters_is_accepted()
    {
        var result = await ValidateAsync(new ChoosePasswordCommand(UserTokens.Invitation, "jeton", "douze-caract", "douze-caract"));

        Assert.That(result.IsValid, Is.True);
    }

    private static Task<FluentValidation.Results.ValidationResult> ValidateAsync(ChoosePasswordCommand command) =>
        AccountsTestHost.Host.InScopeAsync(services => services.GetRequiredService<IValidator<ChoosePasswordCommand>>().ValidateAsync(command));
}

public sealed class SignInTests : AccountsTestBase
{
    [Test]
    public async Task The_demo_accounts_sign_in_with_their_name_and_roles()
    {
        var admin = await SendAsync(new SignInCommand("ADMIN@place-des-entreprises.example.fr", DemoCatalogue.Admin.Password));
        var advisor = await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password));

        Assert.That(admin!.Roles, Is.EqualTo(new[] { "admin" }));
        Assert.That((advisor!.FullName, advisor.Roles.Single()), Is.EqualTo(("Camille Martin", "expert")));
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_address_are_both_refused()
    {
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe")), Is.Null);
        Assert.That(await SendAsync(new SignInCommand("personne@example.fr", "mauvais mot de passe")), Is.Null);
    }

    [Test]
    public async Task Five_failures_make_that_client_wait_but_not_the_owner_signing_in_from_elsewhere()
    {
        const string Attacker = "203.0.113.7", Owner = "198.51.100.20";
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe", Attacker)), Is.Null);
        }

        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password, Attacker)), Is.Null,
            "that client waits a minute, even with the right password");
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password, Owner)), Is.Not.Null,
            "the owner is not locked out");

        // Each further failure doubles the wait: 2 minutes after the sixth.
        AccountsTestHost.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe", Attacker)), Is.Null);
        AccountsTestHost.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password, Attacker)), Is.Null, "still waiting");
        AccountsTestHost.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password, Attacker)), Is.Not.Null);
    }

    [Test]
    public async Task Waits_grow_to_fifteen_minutes_at_most_and_an_unknown_address_waits_alike()
    {
        const string Client = "203.0.113.8";
        foreach (var email in new[] { DemoCatalogue.Advisor.Email, "personne@example.fr" })
        {
            for (var i = 0; i < 12; i++)
            {
                Assert.That(await SendAsync(new SignInCommand(email, "mauvais mot de passe", Client)), Is.Null);
                AccountsTestHost.Clock.Advance(await WaitAsync(email, Client) + TimeSpan.FromSeconds(1));
            }

            Assert.That(await WaitAsync(email, Client), Is.EqualTo(TimeSpan.Zero), "the clock went past the last wait");
        }

        Assert.That(await LongestWaitsAsync(), Is.EqualTo(new[] { TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15) }),
            "an address with an account and one without are slowed down alike");
    }

    /// <summary>How long <paramref name="client"/> must still wait before trying <paramref name="email"/> again.</summary>
    private async Task<TimeSpan> WaitAsync(string email, string client)
    {
        await using var connection = Connect();
        var until = await connection.ExecuteScalarAsync<DateTime?>(
            "select blocked_until from directory.sign_in_throttle where email = lower(@email) and client_ip = @client", new { email, client });
        var now = AccountsTestHost.Clock.GetUtcNow().UtcDateTime;
        return until is { } u && u > now ? u - now : TimeSpan.Zero;
    }

    private async Task<TimeSpan[]> LongestWaitsAsync()
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<TimeSpan>(
            "select blocked_until - last_failure_at from directory.sign_in_throttle order by email")).ToArray();
    }

    [Test]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        for (var i = 0; i < 4; i++)
        {
            await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe"));
        }

        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password)), Is.Not.Null);
        await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe"));
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password)), Is.Not.Null);
    }

    [Test]
    public async Task An_invited_account_cannot_sign_in_before_choosing_a_password()
    {
        await InviteAsync();

        Assert.That(await SendAsync(new SignInCommand("lea.dubois@cci-paris-idf.example.fr", "")), Is.Null);
    }
}

public sealed class ResetPasswordTests : AccountsTestBase
{
    [Test]
    public async Task A_reset_link_sets_a_new_password_once_and_unlocks_the_account()
    {
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe"));
        }

        await SendAsync(new RequestPasswordResetCommand("camille.martin@CCI-PARIS-IDF.example.fr"));
        var url = await LastLinkAsync("PasswordResetRequested", "resetUrl");
        Assert.That(url, Does.StartWith("https://pde.example.fr/compte/nouveau-mot-de-passe/"));
        var token = url[(url.LastIndexOf('/') + 1)..];

        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.PasswordReset, token, GoodPassword, GoodPassword)), Is.Not.Null);
        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.PasswordReset, token, "encore un autre mot de passe", "encore un autre mot de passe")), Is.Null, "single use");
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, GoodPassword)), Is.Not.Null, "unlocked, new password");
        Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password)), Is.Null, "old password gone");
    }

    [Test]
    public async Task A_reset_link_expires_after_one_hour()
    {
        await SendAsync(new RequestPasswordResetCommand(DemoCatalogue.Advisor.Email));
        var url = await LastLinkAsync("PasswordResetRequested", "resetUrl");
        var token = url[(url.LastIndexOf('/') + 1)..];

        AccountsTestHost.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.That(await SendAsync(new CheckPasswordLinkQuery(UserTokens.PasswordReset, token)), Is.False);
        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.PasswordReset, token, GoodPassword, GoodPassword)), Is.Null);
    }

    [Test]
    public async Task A_reset_link_cannot_accept_an_invitation()
    {
        await SendAsync(new RequestPasswordResetCommand(DemoCatalogue.Advisor.Email));
        var url = await LastLinkAsync("PasswordResetRequested", "resetUrl");

        Assert.That(await SendAsync(new ChoosePasswordCommand(UserTokens.Invitation, url[(url.LastIndexOf('/') + 1)..], GoodPassword, GoodPassword)), Is.Null);
    }

    [Test]
    public async Task Asking_for_an_unknown_address_sends_nothing()
    {
        await SendAsync(new RequestPasswordResetCommand("personne@example.fr"));

        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from directory.outbox_message"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from directory.user_token"), Is.Zero);
    }
}
