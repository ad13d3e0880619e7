using System.Globalization;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts;

/// <summary>What the sign-in cookie says about an agent: id, name, roles and the account's security stamp.</summary>
internal sealed record SignedInUser(Guid Id, string FullName, IReadOnlyList<string> Roles, Guid SecurityStamp)
{
    private const string RolesOf = """
        select distinct role from directory.user_role where user_id = @userId
        union
        select @Expert from directory.user_expert where user_id = @userId
        """;

    /// <summary>
    /// Gives the account a new security stamp: every cookie issued before, on any browser (a copied one too), is refused
    /// from its next request. Call it in the transaction of the change that must end those sessions.
    /// </summary>
    public const string RotateSecurityStamp = "update directory.user_account set security_stamp = gen_random_uuid() where id = @userId";

    public static async Task<SignedInUser> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId, CancellationToken cancellationToken)
    {
        var (fullName, securityStamp) = await connection.QuerySingleAsync<(string, Guid)>(new CommandDefinition(
            "select full_name, security_stamp from directory.user_account where id = @userId", new { userId }, transaction, cancellationToken: cancellationToken));
        var roles = (await connection.QueryAsync<string>(
                new CommandDefinition(RolesOf, new { userId, Expert = PdE.Shared.Web.Roles.Expert }, transaction, cancellationToken: cancellationToken)))
            .Order(StringComparer.Ordinal).ToList();
        return new SignedInUser(userId, fullName, roles, securityStamp);
    }

    /// <summary>
    /// The roles of an account whose session, issued with <paramref name="securityStamp"/>, may go on; null for a deleted
    /// account, one without password, or a stamp that is no longer the account's (signed out, new password, rights changed).
    /// One round trip, by primary key.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> ActiveRolesAsync(
        NpgsqlConnection connection, Guid userId, Guid securityStamp, CancellationToken cancellationToken)
    {
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            select exists (select 1 from directory.user_account
                           where id = @userId and deleted_at is null and password_hash is not null and security_stamp = @securityStamp);

            """ + RolesOf,
            new { userId, securityStamp, Expert = PdE.Shared.Web.Roles.Expert }, cancellationToken: cancellationToken));
        var active = await results.ReadSingleAsync<bool>();
        var roles = (await results.ReadAsync<string>()).Order(StringComparer.Ordinal).ToList();
        return active ? roles : null;
    }

    /// <param name="signedInAt">When the person proved who they are: the session's absolute lifetime counts from it.</param>
    public ClaimsPrincipal ToPrincipal(DateTimeOffset signedInAt)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Id.ToString()),
            new(ClaimTypes.Name, FullName),
            new(SessionClaims.SecurityStamp, SecurityStamp.ToString()),
            new(SessionClaims.SignedInAt, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        claims.AddRange(Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>The sign-in instant the cookie carries, null when it carries none.</summary>
    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(SessionClaims.SignedInAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static Guid IdOf(ClaimsPrincipal principal) => Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
