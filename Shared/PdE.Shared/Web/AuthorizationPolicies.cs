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
