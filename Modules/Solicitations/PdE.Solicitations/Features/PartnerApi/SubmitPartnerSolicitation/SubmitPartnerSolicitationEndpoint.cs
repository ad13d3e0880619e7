using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PdE.Directory.Contracts;
using PdE.Shared.Validation;
using PdE.Shared.Web;
using PdE.Solicitations.Features.PublicSite.ShowLanding;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

namespace PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

/// <summary>
/// <c>POST /api/v1/solicitations</c>: a partner institution sends a request from its own site. It goes through the same
/// three steps as the public form (the same commands, validators and checks), in one call, and is written whole in one
/// transaction (<see cref="SubmitPartnerSolicitationHandler"/>), and is recorded with the partner's key as its provenance. Answers are
/// problem details (RFC 9457) in French; API.md next to this file describes them.
/// </summary>
internal static class SubmitPartnerSolicitationEndpoint
{
    public const string Route = "/api/v1/solicitations";

    public const string InvalidTitle = "La demande n’a pas été enregistrée : corrigez les champs indiqués.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field ("fullname" is fine, "nom" is not) is an error the partner sees, not data silently lost.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Field of the commands → field of the JSON body, for the error messages.</summary>
    private static readonly Dictionary<string, string> Fields = new()
    {
        [nameof(StartSolicitationCommand.FullName)] = "contact.fullName",
        [nameof(StartSolicitationCommand.Email)] = "contact.email",
        [nameof(StartSolicitationCommand.Phone)] = "contact.phone",
        [nameof(StartSolicitationCommand.SubjectSlug)] = "subject",
        [nameof(ChooseEstablishmentCommand.Siret)] = "siret",
        [nameof(SubmitSolicitationCommand.Description)] = "description",
    };

    public static async Task<IResult> HandleAsync(
        HttpContext http, [FromServices] IMediator mediator, [FromServices] ILoggerFactory loggers, [FromServices] ValidPartnerKeys validKeys,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(SubmitPartnerSolicitationEndpoint));
        var (caller, refusal) = await PartnerApiAccess.AuthenticateAsync(http, mediator, validKeys, logger, cancellationToken);
        if (caller is null)
        {
            return refusal!;
        }

        PartnerSolicitationRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PartnerSolicitationRequest>(http.Request.Body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Partner API call from {Institution} (key {KeyPrefix}) refused (400): unreadable JSON at {Path}: {Reason}",
                caller.InstitutionName, caller.KeyPrefix, ex.Path, ex.Message);
            return Invalid(new(), $"Le corps de la requête n’est pas un objet JSON lisible (à {ex.Path ?? "$"}) : vérifiez la syntaxe, le nom et le type de chaque champ.");
        }

        if (body is null)
        {
            return Invalid(new(), "Le corps de la requête doit être un objet JSON décrivant la demande.");
        }

        var validated = await ValidateAsync(http.RequestServices, mediator, caller, body, cancellationToken);
        if (validated.Failures.Count > 0)
        {
            logger.LogInformation("Partner API call from {Institution} (key {KeyPrefix}) refused (400): {Fields}",
                caller.InstitutionName, caller.KeyPrefix, string.Join(", ", validated.Failures.Keys));
            return Invalid(validated.Failures);
        }

        // The three steps of the form, in order: contact (with the per-address limit), establishment (registry lookup,
        // degraded mode when it is down), description (blocklist, SolicitationSubmitted, follow-up link and its e-mail).
        switch (await mediator.Send(new SubmitPartnerSolicitationCommand(validated.Start, validated.Choose, validated.Submit), cancellationToken))
        {
            case PartnerSubmission.TooManyForEmail:
                logger.LogWarning("Partner API call from {Institution} (key {KeyPrefix}) refused (429): too many requests for one e-mail address",
                    caller.InstitutionName, caller.KeyPrefix);
                return Problem(StatusCodes.Status429TooManyRequests, title: "Trop de demandes pour cette adresse électronique",
                    detail: "Plusieurs demandes ont déjà été envoyées avec cette adresse électronique dans l’heure : réessayez plus tard.");

            case PartnerSubmission.EstablishmentRefused refused:
                logger.LogInformation("Partner API call from {Institution} (key {KeyPrefix}) refused (400): establishment {Siret} {Choice}",
                    caller.InstitutionName, caller.KeyPrefix, validated.Choose.Siret, refused.Choice);
                return Invalid(new() { ["siret"] = [EstablishmentMessages.For(refused.Choice)!] });

            case PartnerSubmission.Received received:
                logger.LogInformation("Partner API request {SolicitationId} received from {Institution} (key {KeyPrefix}){RegistryPending}",
                    received.Id, caller.InstitutionName, caller.KeyPrefix, received.RegistryPending ? ", registry pending" : "");
                // "received" even when the sender is on the blocklist: the sender is never told (see the blocklist).
                return Results.Json(new PartnerSolicitationCreated(received.Id, "received"), statusCode: StatusCodes.Status201Created);

            case var other:
                throw new InvalidOperationException($"Unexpected partner submission {other}.");
        }
    }

    /// <summary>Builds the three commands from the body and validates them all at once, so that every field error comes back together.</summary>
    private static async Task<ValidatedRequest> ValidateAsync(
        IServiceProvider services, IMediator mediator, PartnerCaller caller, PartnerSolicitationRequest body, CancellationToken cancellationToken)
    {
        var failures = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!failures.TryGetValue(field, out var messages))
            {
                failures[field] = messages = [];
            }

            messages.Add(message);
        }

        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        var subjectSlug = body.Subject?.Trim() ?? "";
        var subject = catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == subjectSlug);
        if (subject is null)
        {
            Add("subject", subjectSlug.Length == 0
                ? "Indiquez le sujet de la demande (son identifiant, par exemple financer-projet)."
                : $"Le sujet « {subjectSlug} » n’existe pas dans le catalogue : indiquez l’identifiant d’un sujet public, par exemple financer-projet.");
        }

        var landing = string.IsNullOrWhiteSpace(body.Landing) ? null : body.Landing.Trim();
        if (landing is not null && await mediator.Send(new GetLanding(landing), cancellationToken) is null)
        {
            Add("landing", $"La page d’accueil « {landing} » n’existe pas : indiquez l’identifiant d’une page existante, ou omettez ce champ.");
        }

        var questions = subject?.Questions ?? [];
        foreach (var slug in (body.Answers ?? []).Keys.Where(slug => questions.All(q => q.Slug != slug)))
        {
            Add($"answers.{slug}", $"Le sujet n’a pas de question « {slug} » : indiquez les identifiants de ses questions.");
        }

        // Partners may leave the subject's yes/no questions out; an answer given must be true or false.
        var answers = questions.Where(q => body.Answers?.ContainsKey(q.Slug) == true)
            .Select(q => new QuestionAnswer(q.Slug, q.Label, body.Answers![q.Slug]))
            .ToList();

        var tracking = Tracking.From(null, body.Campaign, null, body.OriginUrl, landing) with { PartnerApiKeyId = caller.KeyId };
        var start = new StartSolicitationCommand(
            subject?.Slug ?? subjectSlug,
            (body.Contact?.FullName ?? "").Trim(),
            (body.Contact?.Email ?? "").Trim(),
            PhoneNumber.Normalize(body.Contact?.Phone),
            tracking);
        var choose = new ChooseEstablishmentCommand(Guid.Empty, Siret.Normalize(body.Siret));
        var submit = new SubmitSolicitationCommand(Guid.Empty, (body.Description ?? "").Trim(), subject?.Prompt, answers);

        foreach (var error in (await services.GetRequiredService<IValidator<StartSolicitationCommand>>().ValidateAsync(start, cancellationToken)).Errors
                     .Concat((await services.GetRequiredService<IValidator<ChooseEstablishmentCommand>>().ValidateAsync(choose, cancellationToken)).Errors)
                     .Concat((await services.GetRequiredService<IValidator<SubmitSolicitationCommand>>().ValidateAsync(submit, cancellationToken)).Errors))
        {
            if (error.PropertyName == nameof(StartSolicitationCommand.SubjectSlug) && failures.ContainsKey("subject"))
            {
                continue;
            }

            Add(FieldOf(error.PropertyName, answers), error.ErrorMessage);
        }

        return new ValidatedRequest(failures, start, choose, submit);
    }

    /// <summary>"Email" → "contact.email"; "Answers[1]" → "answers.&lt;slug of the second answer&gt;".</summary>
    private static string FieldOf(string property, List<QuestionAnswer> answers)
    {
        if (Fields.TryGetValue(property, out var field))
        {
            return field;
        }

        return property.StartsWith("Answers[", StringComparison.Ordinal) && int.TryParse(property[8..^1], out var index) && index < answers.Count
            ? $"answers.{answers[index].Slug}"
            : property;
    }

    private static IResult Invalid(Dictionary<string, List<string>> failures, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, InvalidTitle, detail, failures.ToDictionary(f => f.Key, f => f.Value.ToArray()));

    public static IResult Problem(int statusCode, string title, string? detail, IDictionary<string, string[]>? errors = null) =>
        ApiProblem.Result(statusCode, title, detail, errors);

    private sealed record ValidatedRequest(
        Dictionary<string, List<string>> Failures, StartSolicitationCommand Start, ChooseEstablishmentCommand Choose, SubmitSolicitationCommand Submit);
}

/// <summary>The 201 answer: the request's id and its status (<c>received</c>).</summary>
internal sealed record PartnerSolicitationCreated(Guid Id, string Status);

/// <summary>
/// At most N calls a minute (RateLimits:PartnerApiPerMinute, 60 by default), counted before the key is checked: per key once
/// that key has proved valid (<see cref="ValidPartnerKeys"/>), so that one partner's burst does not slow the others; per
/// address for everything else (no key, an unknown, expired or revoked one), so that inventing keys buys no extra calls.
/// </summary>
internal sealed class PartnerApiRateLimitPolicy(IConfiguration configuration, ValidPartnerKeys validKeys, ILogger<PartnerApiRateLimitPolicy> logger)
    : IRateLimiterPolicy<string>
{
    public const string Name = "partner-api";

    public const string PerMinuteSetting = "RateLimits:PartnerApiPerMinute";

    private readonly int perMinute = configuration.GetValue(PerMinuteSetting, 60);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
    {
        var http = context.HttpContext;
        var key = PartnerApiAccess.BearerKey(http.Request);
        var byKey = key is not null && validKeys.IsValid(key);
        logger.LogWarning("Partner API rate limit ({PerMinute}/min) reached for {Partition} {KeyPrefix} from {Address}",
            perMinute, byKey ? "key" : "address", key is null ? "(no key)" : PartnerApiKeySecret.PrefixOf(key) + "…", http.Connection.RemoteIpAddress);
        http.Response.Headers.RetryAfter = "60";
        await SubmitPartnerSolicitationEndpoint.Problem(StatusCodes.Status429TooManyRequests, title: "Trop de requêtes",
            detail: byKey
                ? $"Cette clé a dépassé la limite de {perMinute} demandes par minute : réessayez dans une minute."
                : $"Cette adresse a dépassé la limite de {perMinute} demandes par minute sans clé valide : réessayez dans une minute.").ExecuteAsync(http);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var key = PartnerApiAccess.BearerKey(httpContext.Request);
        var partition = key is not null && validKeys.IsValid(key)
            ? "key:" + ValidPartnerKeys.HashOf(key)
            : "address:" + httpContext.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}

/// <summary>
/// The keys that recently passed the check (hashes, never the secrets), for the rate limiter, which runs before the check
/// and must not read the database. Forgotten after <see cref="Memory"/>: a key revoked since then falls back to its caller's
/// address limit within that time. Only valid keys are kept, so their number stays that of the partners.
/// </summary>
internal sealed class ValidPartnerKeys(TimeProvider clock)
{
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> validUntil = new(StringComparer.Ordinal);

    public void Remember(string key) => validUntil[HashOf(key)] = clock.GetUtcNow() + Memory;

    /// <param name="secretHash">The key's hash as stored (<see cref="PartnerApiKeySecret.Hash"/>).</param>
    public void Forget(byte[] secretHash) => validUntil.TryRemove(Convert.ToHexString(secretHash), out _);

    public bool IsValid(string key) => validUntil.TryGetValue(HashOf(key), out var until) && until > clock.GetUtcNow();

    public static string HashOf(string key) => Convert.ToHexString(PartnerApiKeySecret.Hash(key));
}
