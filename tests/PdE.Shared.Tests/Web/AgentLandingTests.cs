using System.Security.Claims;
using PdE.Shared.Web;

namespace PdE.Shared.Tests.Web;

/// <summary>Issue 17: each agent lands where they work after signing in.</summary>
public sealed class AgentLandingTests
{
    [TestCase(new[] { Roles.Admin, Roles.Expert }, "/conseiller/sollicitations")]
    [TestCase(new[] { Roles.AntenneManager, Roles.Expert }, "/conseiller/besoins/antennes")]
    [TestCase(new[] { Roles.AntenneManager }, "/conseiller/besoins/antennes")]
    [TestCase(new[] { Roles.Expert }, "/conseiller/besoins")]
    public void The_team_lands_on_the_desk_a_manager_on_their_antennes_an_expert_on_their_inbox(string[] roles, string landing) =>
        Assert.That(AgentLanding.For(new ClaimsPrincipal(new ClaimsIdentity(roles.Select(r => new Claim(ClaimTypes.Role, r)), "test"))),
            Is.EqualTo(landing));
}
