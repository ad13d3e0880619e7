namespace PdE.Shared.Web;

/// <summary>
/// Marks a page whose <c>?iframe=1</c> variant partners may embed. The host's security headers then allow framing by the
/// configured origins (<c>Embedding:AllowedOrigins</c>) and those the page puts in <see cref="OriginsItem"/> (a landing's own
/// partner sites) for that variant only; every other response keeps <c>frame-ancestors 'none'</c> and <c>X-Frame-Options: DENY</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class EmbeddableAttribute : Attribute
{
    public const string QueryParameter = "iframe";

    /// <summary>The <c>HttpContext.Items</c> key of the origins (<c>IReadOnlyList&lt;string&gt;</c>) this response may also be framed by.</summary>
    public const string OriginsItem = "PdE.Embedding.Origins";
}
