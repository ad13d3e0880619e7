using System.Text.Json;
using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Refuses, at the edge, a request whose query string, form fields or JSON strings hold a control character (a NUL byte,
/// an escape…; tab and line breaks are text): PostgreSQL refuses NUL in text, and under load such a failure left pooled
/// connections unusable for other users. One check for every page and the partner API, before any module sees the value:
/// 400, with a French page (or problem details under /api). Files are not checked here: the CSV imports refuse such
/// cells line by line.
/// </summary>
internal static class ControlCharacterGuard
{
    public const string Detail = "La demande contient un caractère de contrôle (par exemple un octet nul) : retirez-le et réessayez.";

    private const int MaxJsonChecked = 1024 * 1024;

    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (await FindAsync(context.Request) is { } where)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ControlCharacterGuard));
            logger.LogWarning("Request {Method} {Path} refused (400): control character in {Where}", context.Request.Method, context.Request.Path, where);
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await ApiProblem.Result(StatusCodes.Status400BadRequest, "Caractère interdit", Detail).ExecuteAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await next();
    });

    /// <summary>Where the first control character is (e.g. « query q »), or null.</summary>
    private static async Task<string?> FindAsync(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
        {
            if (HasControl(key) || values.Any(HasControl))
            {
                return $"query {key}";
            }
        }

        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync();
            }
            catch (InvalidDataException)
            {
                // ASP.NET's own form reader refuses a NUL byte in a field: the same answer, before anyone reads the form again.
                return "form body";
            }

            foreach (var (key, values) in form)
            {
                if (HasControl(key) || values.Any(HasControl))
                {
                    return $"form field {key}";
                }
            }

            // File names are text too; the files' contents are the importers' to check.
            if (form.Files.FirstOrDefault(f => HasControl(f.FileName)) is { } file)
            {
                return $"file name of {file.Name}";
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                 && request.ContentLength is null or <= MaxJsonChecked)
        {
            request.EnableBuffering();
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body);
                return HasControl(document.RootElement) ? "JSON body" : null;
            }
            catch (JsonException)
            {
                // Unreadable JSON is the endpoint's to refuse, with its own message.
                return null;
            }
            finally
            {
                request.Body.Position = 0;
            }
        }

        return null;
    }

    private static bool HasControl(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => HasControl(element.GetString()),
        JsonValueKind.Object => element.EnumerateObject().Any(p => HasControl(p.Name) || HasControl(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HasControl),
        _ => false,
    };

    public static bool HasControl(string? text) =>
        text is not null && text.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r');
}
