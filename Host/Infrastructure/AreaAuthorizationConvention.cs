using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Protects whole URL areas, whatever module the page lives in: every page under /admin needs the admin
/// policy, every page under /conseiller a signed-in agent. A new page cannot be forgotten.
/// </summary>
internal sealed class AreaAuthorizationConvention : IPageRouteModelConvention
{
    private static readonly (string Prefix, string Policy)[] Areas =
    [
        ("admin", AuthorizationPolicies.Admin),
        ("conseiller", AuthorizationPolicies.Agent),
    ];

    public void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template?.TrimStart('/') ?? "";
            foreach (var (prefix, policy) in Areas)
            {
                if (template == prefix || template.StartsWith(prefix + "/", StringComparison.Ordinal))
                {
                    selector.EndpointMetadata.Add(new AuthorizeAttribute(policy));
                }
            }
        }
    }
}
