namespace PdE.Shared.Web;

/// <summary>
/// Marks a page whose <c>?iframe=1</c> variant partners may embed. The host's security headers then allow framing by the
/// configured origins (<c>Embedding:AllowedOrigins</c>) for that variant only; every other response keeps
/// <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EmbeddableAttribute : Attribute
{
    public const string QueryParameter = "iframe";
}
