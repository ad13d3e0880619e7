using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Npgsql;

namespace PdE.Directory.Features.Accounts;

/// <summary>What the sign-in cookie says about an agent: id, name and roles.</summary>
internal sealed record SignedInUser(Guid Id, string FullName, IReadOnlyList<string> Roles)
{
    private const string RolesOf = """
        select distinct role from directory.user_role where user_id = @userId
        union
        select @Expert from directory.user_expert where user_id = @userId
        """;

    public static async Task<SignedInUser> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid userId)
    {
        var fullName = await connection.QuerySingleAsync<string>(
            "select full_name from directory.user_account where id = @userId", new { userId }, transaction);
        var roles = (await connection.QueryAsync<string>(RolesOf, new { userId, Expert = PdE.Shared.Web.Roles.Expert }, transaction))
            .Order(StringComparer.Ordinal).ToList();
        return new SignedInUser(userId, fullName, roles);
    }

    /// <summary>The roles of an account that may still sign in; null for a deleted one or one without password. One round trip.</summary>
    public static async Task<IReadOnlyList<string>?> ActiveRolesAsync(NpgsqlConnection connection, Guid userId)
    {
        await using var results = await connection.QueryMultipleAsync(
            "select exists (select 1 from directory.user_account where id = @userId and deleted_at is null and password_hash is not null);\n" + RolesOf,
            new { userId, Expert = PdE.Shared.Web.Roles.Expert });
        var active = await results.ReadSingleAsync<bool>();
        var roles = (await results.ReadAsync<string>()).Order(StringComparer.Ordinal).ToList();
        return active ? roles : null;
    }

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Id.ToString()), new(ClaimTypes.Name, FullName) };
        claims.AddRange(Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    public static Guid IdOf(ClaimsPrincipal principal) => Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
