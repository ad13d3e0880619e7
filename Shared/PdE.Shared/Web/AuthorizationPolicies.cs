namespace PdE.Shared.Web;

/// <summary>Policy and role names shared by the Host (which defines the policies) and the modules' pages.</summary>
public static class AuthorizationPolicies
{
    /// <summary>Back office: every page under /admin.</summary>
    public const string Admin = "admin";

    /// <summary>Signed-in agents: every page under /conseiller.</summary>
    public const string Agent = "agent";
}

public static class Roles
{
    public const string Admin = "admin";
    public const string AntenneManager = "antenne_manager";
    public const string Expert = "expert";
}

/// <summary>
/// What a sign-in cookie carries besides the account id, name and roles: written by the Directory at sign-in, checked by
/// the Host on every request.
/// </summary>
public static class SessionClaims
{
    /// <summary>The account's security stamp when the cookie was issued (a Guid): a newer stamp in the directory ends the session.</summary>
    public const string SecurityStamp = "pde:security_stamp";

    /// <summary>The instant of sign-in (Unix seconds, UTC), kept when the cookie slides: the session's absolute lifetime counts from it.</summary>
    public const string SignedInAt = "pde:signed_in_at";
}

/// <summary>Where each agent works, and so lands after signing in: the team (admins) on the triage desk, a manager on the needs of
/// their antennes, an expert on their inbox.</summary>
public static class AgentLanding
{
    public const string Desk = "/conseiller/sollicitations";
    public const string Perimeter = "/conseiller/besoins/antennes";
    public const string Inbox = "/conseiller/besoins";

    public static string For(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? Desk : user.IsInRole(Roles.AntenneManager) ? Perimeter : Inbox;
}
