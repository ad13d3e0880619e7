using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Matching.Features.Satisfaction;

/// <summary>
/// The team shares a requester's answer with the experts who took the need in charge (they then read it on the need's
/// page), or stops sharing it. Only an answered survey can be shared.
/// </summary>
internal sealed record ShareSurveyAnswerCommand(Guid NeedId, bool Share, string TeamMemberName) : ICommand<ShareSurveyAnswerResult>;

internal sealed record ShareSurveyAnswerResult(bool Succeeded, string Message);

internal sealed class ShareSurveyAnswerHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<ShareSurveyAnswerCommand, ShareSurveyAnswerResult>
{
    private const string Share = """
        update matching.satisfaction_survey
        set shared_at = case when @Share then coalesce(shared_at, @Now) end,
            shared_by_name = case when @Share then coalesce(shared_by_name, @TeamMemberName) end
        where need_id = @NeedId and answered_at is not null
        """;

    public async ValueTask<ShareSurveyAnswerResult> Handle(ShareSurveyAnswerCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(Share, new
        {
            command.NeedId, command.Share, command.TeamMemberName, Now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: cancellationToken));
        return changed == 0
            ? new(false, "Ce besoin n’a pas d’avis de l’entreprise à partager : le demandeur n’a pas répondu au questionnaire.")
            : command.Share
                ? new(true, "L’avis de l’entreprise est partagé : les conseillers qui ont pris le besoin en charge le lisent sur sa page.")
                : new(true, "L’avis de l’entreprise n’est plus partagé avec les conseillers.");
    }
}
