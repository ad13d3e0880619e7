using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Shared.Outbox;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Matching.Features.Satisfaction.AnswerSurvey;

/// <summary>The survey a private link opens; null when the link is unknown or its need was anonymised.</summary>
internal sealed record GetSurveyQuery(string Token) : IQuery<SurveyView?>;

/// <param name="AnsweredAt">When the requester answered; null while the survey waits for an answer.</param>
internal sealed record SurveyView(Guid NeedId, string? CompanyName, string SubjectSlug, DateTime SentAt, DateTime? AnsweredAt);

/// <summary>The requester's answer: both questions as they ticked them (null when not ticked) and an optional comment.</summary>
internal sealed record AnswerSurveyCommand(string Token, bool? ContactedByExpert, bool? UsefulExchange, string? Comment) : ICommand<bool>;

internal sealed class AnswerSurveyValidator : AbstractValidator<AnswerSurveyCommand>
{
    public const int MaxCommentLength = 2000;

    public AnswerSurveyValidator()
    {
        RuleFor(c => c.ContactedByExpert).NotNull().WithMessage("Indiquez si un conseiller vous a contacté.");
        // Whoever was not contacted may leave the second question blank: there was no exchange to judge.
        RuleFor(c => c.UsefulExchange).NotNull().When(c => c.ContactedByExpert == true)
            .WithMessage("Indiquez si l’échange avec le conseiller vous a été utile.");
        RuleFor(c => c.Comment).MaximumLength(MaxCommentLength)
            .WithMessage(c => $"Votre commentaire fait {French.Number(c.Comment!.Length)} caractères : raccourcissez-le à {French.Number(MaxCommentLength)} caractères au plus.");
    }
}

internal sealed class GetSurveyHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetSurveyQuery, SurveyView?>
{
    public async ValueTask<SurveyView?> Handle(GetSurveyQuery query, CancellationToken cancellationToken)
    {
        if (!PrivateLinkToken.LooksValid(query.Token))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SurveyView>(new CommandDefinition("""
            select s.need_id as NeedId, n.company_name as CompanyName, n.subject_slug as SubjectSlug, s.sent_at as SentAt, s.answered_at as AnsweredAt
            from matching.satisfaction_survey s join matching.need n on n.id = s.need_id
            where s.token_hash = @Hash and n.anonymised_at is null
            """, new { Hash = PrivateLinkToken.Hash(query.Token) }, cancellationToken: cancellationToken));
    }
}

/// <summary>
/// Records the answer, once: a second answer (another tab, a double click) changes nothing and returns false. Stats hears
/// of it through <see cref="SatisfactionAnswered"/>, written in the same transaction; the comment stays in Matching.
/// </summary>
internal sealed class AnswerSurveyHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<AnswerSurveyCommand, bool>
{
    private const string Answer = """
        update matching.satisfaction_survey s
        set answered_at = @Now, contacted_by_expert = @ContactedByExpert, useful_exchange = @UsefulExchange, comment = @Comment
        from matching.need n
        where n.id = s.need_id and s.token_hash = @Hash and s.answered_at is null and n.anonymised_at is null
        returning s.need_id as NeedId, n.solicitation_id as SolicitationId
        """;

    public async ValueTask<bool> Handle(AnswerSurveyCommand command, CancellationToken cancellationToken)
    {
        if (!PrivateLinkToken.LooksValid(command.Token) || command.ContactedByExpert is not { } contacted)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim().ReplaceLineEndings("\n");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var answered = await connection.QuerySingleOrDefaultAsync<Answered>(new CommandDefinition(Answer, new
        {
            Hash = PrivateLinkToken.Hash(command.Token), Now = now, ContactedByExpert = contacted, command.UsefulExchange, Comment = comment,
        }, transaction, cancellationToken: cancellationToken));
        if (answered is null)
        {
            return false;
        }

        await transaction.EnqueueAsync(MatchingSchema.Name, new SatisfactionAnswered(
            Guid.CreateVersion7(), answered.NeedId, answered.SolicitationId, now, contacted, command.UsefulExchange, comment is not null));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private sealed record Answered(Guid NeedId, Guid SolicitationId);
}
