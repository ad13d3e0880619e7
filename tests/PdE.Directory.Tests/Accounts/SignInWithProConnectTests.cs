using System.Security.Claims;
using Dapper;
using PdE.Directory.Contracts;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Accounts.ShowUser;
using PdE.Directory.Features.Accounts.SignIn;
using PdE.Directory.Features.Shared;
using PdE.Shared.Web;
using static PdE.Directory.Tests.Accounts.AccountTestSupport;

namespace PdE.Directory.Tests.Accounts;

/// <summary>The Host's ProConnect sign-in: the active account with the address ProConnect verified, nothing else.</summary>
public sealed class SignInWithProConnectTests : AccountsTestBase
{
    [Test]
    public async Task The_active_account_with_that_address_whatever_its_case_gets_the_principal_of_a_password_sign_in()
    {
        var signIn = await SendAsync(new SignInWithProConnect("  CAMILLE.Martin@cci-paris-idf.EXAMPLE.fr ", "198.51.100.1"));
        var byPassword = (await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, DemoCatalogue.Advisor.Password)))!
            .ToPrincipal(AccountsTestHost.Clock.GetUtcNow());

        Assert.That(signIn.InvitationPending, Is.False);
        Assert.That(Claims(signIn.Principal!), Is.EqualTo(Claims(byPassword)), "id, name, roles, security stamp");
        Assert.That(SignedInUser.SignedInAtOf(signIn.Principal!), Is.EqualTo(AccountsTestHost.Clock.GetUtcNow()).Within(TimeSpan.FromSeconds(5)),
            "signed in now: the absolute lifetime counts from it");
        Assert.That(signIn.Principal!.Identity!.AuthenticationType, Is.EqualTo(byPassword.Identity!.AuthenticationType));
    }

    [Test]
    public async Task An_unknown_a_deleted_and_an_invited_account_are_refused()
    {
        var unknown = await SendAsync(new SignInWithProConnect("personne@example.fr", null));
        Assert.That((unknown.Principal, unknown.InvitationPending), Is.EqualTo(((ClaimsPrincipal?)null, false)));

        var (userId, _) = await InviteAsync("lea.dubois@cci-paris-idf.example.fr");
        var invited = await SendAsync(new SignInWithProConnect("lea.dubois@cci-paris-idf.example.fr", null));
        Assert.That((invited.Principal, invited.InvitationPending), Is.EqualTo(((ClaimsPrincipal?)null, true)), "invitation pending");

        Assert.That(await SendAsync(new DeleteUserCommand(userId, Actor.System)), Is.EqualTo(AccountChange.Done));
        var deleted = await SendAsync(new SignInWithProConnect("lea.dubois@cci-paris-idf.example.fr", null));
        Assert.That((deleted.Principal, deleted.InvitationPending), Is.EqualTo(((ClaimsPrincipal?)null, false)), "deleted");
    }

    [Test]
    public async Task Like_a_good_password_it_forgets_the_failures_typed_from_that_client()
    {
        const string Client = "203.0.113.9";
        for (var i = 0; i < 4; i++)
        {
            Assert.That(await SendAsync(new SignInCommand(DemoCatalogue.Advisor.Email, "mauvais mot de passe", Client)), Is.Null);
        }

        Assert.That(await FailuresAsync(Client), Is.EqualTo(4));
        Assert.That((await SendAsync(new SignInWithProConnect(DemoCatalogue.Advisor.Email, Client))).Principal, Is.Not.Null);
        Assert.That(await FailuresAsync(Client), Is.Zero);
    }

    private static async Task<int> FailuresAsync(string client)
    {
        await using var connection = Connect();
        return await connection.ExecuteScalarAsync<int?>(
            "select failures from directory.sign_in_throttle where email = lower(@Email) and client_ip = @client",
            new { DemoCatalogue.Advisor.Email, client }) ?? 0;
    }

    private static List<string> Claims(ClaimsPrincipal principal) =>
        principal.Claims.Where(c => c.Type != SessionClaims.SignedInAt).Select(c => $"{c.Type}={c.Value}").Order(StringComparer.Ordinal).ToList();
}
