using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace PdE.Shared.Web;

/// <summary>
/// The one format of every error under /api: problem details (RFC 9457), French text left readable ("é", not "\u00E9")
/// for partners' developers.
/// </summary>
public static class ApiProblem
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="errors">French messages per field, for a 400.</param>
    /// <param name="traceId">What the operator looks for in the log, for an unexpected failure.</param>
    public static IResult Result(int statusCode, string title, string? detail, IDictionary<string, string[]>? errors = null, string? traceId = null)
    {
        var problem = errors is null
            ? new ProblemDetails { Status = statusCode, Title = title, Detail = detail }
            : new HttpValidationProblemDetails(errors) { Status = statusCode, Title = title, Detail = detail };
        if (traceId is not null)
        {
            problem.Extensions["traceId"] = traceId;
        }

        return Results.Json(problem, Json, "application/problem+json", statusCode);
    }
}
