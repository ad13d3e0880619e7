using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

internal static class SecurityHeaders
{
    // The vendored DSFR (wwwroot/lib/dsfr) needs no inline script or style: its JS sets styles through the CSSOM, which
    // style-src does not restrict. Its icons and fonts are files under 'self'; a few stylesheet images are data: SVGs.
    private static string PolicyWithoutFraming(string formAction) =>
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        $"connect-src 'self'; form-action {formAction}; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// Addresses whose answers carry personal data (agents' and admins' pages and exports, a requester's follow-up and draft,
    /// the partner API): never kept by a browser's or a proxy's cache, where the next user of a shared computer would find them.
    /// </summary>
    private static readonly string[] PersonalDataPaths =
        ["/conseiller", "/admin", "/suivi", "/ma-demande", "/compte", "/demande", "/connexion", "/api"];

    /// <summary>Setting listing the origins (e.g. <c>https://www.partenaire.fr</c>) that may frame embeddable pages.</summary>
    public const string AllowedOriginsSetting = "Embedding:AllowedOrigins";

    /// <summary>The origin as the header writes it, or null when it is not one: a stray ';' or space must not rewrite the policy.</summary>
    private static string? WellFormed(string origin) => EmbeddingOrigin.Parse(origin) is { } uri ? EmbeddingOrigin.Of(uri) : null;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var allowed = app.ApplicationServices.GetRequiredService<IConfiguration>().GetSection(AllowedOriginsSetting).Get<string[]>() ?? [];
        // Only well-formed origins reach the header: a stray ';' in the setting must not rewrite the policy.
        var origins = allowed.Select(WellFormed).OfType<string>().ToArray();
        // The ProConnect button posts to PdE, which redirects to ProConnect: browsers hold a form's redirects to form-action
        // too, so ProConnect's origin (where its authorization endpoint is) must be in it, or the button does nothing.
        var proConnect = app.ApplicationServices.GetRequiredService<IConfiguration>()[ProConnectSignIn.AuthoritySetting];
        var formAction = Uri.TryCreate(proConnect, UriKind.Absolute, out var authority) && authority.Scheme is "https" or "http"
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";
        var contentSecurityPolicy = PolicyWithoutFraming(formAction) + "; frame-ancestors 'none'";
        string EmbeddablePolicy(IEnumerable<string> framing) => $"{PolicyWithoutFraming(formAction)}; frame-ancestors 'self' {string.Join(' ', framing)}";

        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (PersonalDataPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                // no-cache as well as no-store: what antiforgery writes on every form page, so it leaves the header alone
                // instead of overriding it with a warning in the log on every request.
                headers.CacheControl = "no-cache, no-store";
            }
            // The endpoint is known only after routing, and a landing's own partner sites once its page has read it: relax
            // just before the response starts.
            context.Response.OnStarting(() =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<EmbeddableAttribute>() is not null
                    && context.Request.Query[EmbeddableAttribute.QueryParameter] == "1")
                {
                    var own = context.Items[EmbeddableAttribute.OriginsItem] as IEnumerable<string> ?? [];
                    var framing = origins.Concat(own.Select(WellFormed).OfType<string>()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
                    if (framing.Length > 0)
                    {
                        headers.ContentSecurityPolicy = EmbeddablePolicy(framing);
                        // X-Frame-Options cannot name origins; browsers that know frame-ancestors ignore it anyway.
                        headers.Remove("X-Frame-Options");
                    }
                }

                return Task.CompletedTask;
            });

            await next();
        });
    }
}
