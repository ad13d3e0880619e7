using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace PdE.Notifications.Features.Emails;

/// <summary>An e-mail as its recipient reads it: the HTML version framed from <paramref name="HtmlUrl"/>, and the text version.</summary>
internal sealed record EmailBodyView(string Subject, string HtmlUrl, string TextBody);

internal static class EmailHtml
{
    /// <summary>
    /// The HTML version of an e-mail alone, for the frame of an admin page. The site's policy forbids inline styles, which
    /// e-mails are made of: this answer has its own policy, allowing them and nothing else (no script, no request out,
    /// framed by the site only).
    /// </summary>
    public static ContentResult Result(HttpResponse response, string html)
    {
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox";
        response.Headers.XFrameOptions = "SAMEORIGIN";
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8" };
    }
}
