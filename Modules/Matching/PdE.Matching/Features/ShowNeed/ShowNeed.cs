using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Matches;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Features.ShowNeed;

internal sealed record ShowNeedQuery(Guid NeedId, AgentViewer Viewer) : IQuery<NeedDetails?>;

/// <param name="Contact">The requester, asked from Solicitations; null if the request is gone.</param>
/// <param name="Company">
/// Where the company is and what it does: the facts the need was routed with, in Directory's words; null when none were
/// known (a need routed before Matching kept them).
/// </param>
/// <param name="Answers">The requester's answers to the subject's yes/no questions.</param>
/// <param name="Matches">Every expert the need was sent to, with their answer.</param>
/// <param name="History">Every answer, oldest first.</param>
internal sealed record NeedDetails(
    Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, string Description, string Status, DateTime CreatedAt,
    RequesterContact? Contact, NeedCompany? Company, IReadOnlyList<SubjectAnswer> Answers, IReadOnlyList<NeedMatch> Matches,
    IReadOnlyList<NeedHistoryEntry> History)
{
    /// <summary>The discussion's messages, oldest first.</summary>
    public IReadOnlyList<NeedComment> Comments { get; init; } = [];

    /// <summary>Sendings, answers and messages in one list, oldest first (<see cref="NeedTimeline"/>).</summary>
    public IReadOnlyList<NeedEvent> Timeline { get; init; } = [];

    /// <summary>The same company's (same SIREN) other needs the viewer may open, newest first.</summary>
    public IReadOnlyList<OtherNeed> OtherNeeds { get; init; } = [];

    /// <summary>The request the need came from (the team's routing page is the request's).</summary>
    public Guid SolicitationId { get; init; }

    /// <summary>The requester's satisfaction survey: for admins as soon as it is sent; for an agent once shared; else null.</summary>
    public NeedSatisfaction? Satisfaction { get; init; }

    /// <summary>The viewer follows the need (« Suivis », the team's list).</summary>
    public bool Followed { get; init; }
}

/// <summary>The satisfaction survey sent to the requester, and their answer once given (<c>AnsweredAt</c> not null).</summary>
internal sealed record NeedSatisfaction(
    DateTime SentAt, DateTime? AnsweredAt, bool? ContactedByExpert, bool? UsefulExchange, string? Comment, DateTime? SharedAt, string? SharedByName);

/// <summary>Another need of the same company, as the need page lists it.</summary>
/// <param name="Status">The need's status (its matches' statuses added up), or <c>no_expert</c>.</param>
internal sealed record OtherNeed(Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, DateTime CreatedAt, string Status);

/// <summary>The company's facts in words; each is null when the registry did not say.</summary>
/// <param name="Place">"Paris 11e Arrondissement (75111), Paris".</param>
/// <param name="Activity">"Boulangerie et boulangerie-pâtisserie (NAF 10.71C)".</param>
/// <param name="Headcount">"6 à 9 salariés".</param>
/// <param name="CreatedOn">Creation date.</param>
internal sealed record NeedCompany(string? Place, string? Activity, string? Headcount, DateOnly? CreatedOn);

/// <param name="SentAt">When the match was sent to its expert; null for a draft, which only admins see.</param>
/// <param name="Explanation">Why routing (or the team) chose the expert, shown to admins; null for a match made before it was kept.</param>
internal sealed record NeedMatch(
    Guid MatchId, Guid ExpertId, string ExpertName, string AntenneName, string InstitutionName, string Status,
    DateTime CreatedAt, DateTime? TakenCareOfAt, DateTime? ClosedAt, DateTime? SentAt, string? Explanation);

/// <param name="Comment">The reason the expert gave with the answer, when asked (a refusal of several needs from the inbox).</param>
internal sealed record NeedHistoryEntry(
    DateTime OccurredAt, string ActorName, string ExpertName, string AntenneName, string FromStatus, string ToStatus, string? Comment);

/// <summary>
/// A need as its experts see it. Only an agent answering for one of the experts it was sent to, or an admin, may see it:
/// anyone else gets null (the page answers 404, as the original does, so the need's existence is not disclosed). Drafts
/// (matches not sent yet) are left out for everyone but admins: an expert with only a draft does not see the need.
/// </summary>
internal sealed class ShowNeedHandler(NpgsqlDataSource dataSource, IMediator mediator, ILogger<ShowNeedHandler> logger)
    : IQueryHandler<ShowNeedQuery, NeedDetails?>
{
    private const string Load = """
        select id as NeedId, solicitation_id as SolicitationId, company_name as CompanyName, siret as Siret, subject_slug as SubjectSlug,
               description as Description, status as Status, created_at as CreatedAt, commune_code as CommuneCode, naf_code as NafCode,
               headcount_bracket as HeadcountBracket, company_created_on as CompanyCreatedOn, answers::text as AnswersJson
        from matching.need where id = @NeedId;

        select id as MatchId, expert_id as ExpertId, expert_name as ExpertName, antenne_name as AntenneName, institution_name as InstitutionName,
               status as Status, created_at as CreatedAt, taken_care_of_at as TakenCareOfAt, closed_at as ClosedAt, sent_at as SentAt,
               explanation as Explanation
        from matching.match where need_id = @NeedId
        order by institution_name collate "fr-x-icu", expert_name collate "fr-x-icu";

        select h.occurred_at as OccurredAt, h.actor_name as ActorName, m.expert_name as ExpertName, m.antenne_name as AntenneName,
               h.from_status as FromStatus, h.to_status as ToStatus, h.comment as Comment
        from matching.match_history h join matching.match m on m.id = h.match_id
        where h.need_id = @NeedId
        order by h.occurred_at, h.id;

        select id as CommentId, created_at as PostedAt, author_name as AuthorName, author_label as AuthorLabel, body as Body
        from matching.need_comment where need_id = @NeedId
        order by created_at, id;

        select occurred_at as OccurredAt, basket as Basket, action as Action, note as Note, actor_name as ActorName
        from matching.reminder_action where need_id = @NeedId
        order by id;

        select sent_at as SentAt, answered_at as AnsweredAt, contacted_by_expert as ContactedByExpert, useful_exchange as UsefulExchange,
               comment as Comment, shared_at as SharedAt, shared_by_name as SharedByName
        from matching.satisfaction_survey where need_id = @NeedId;
        """;

    /// <summary>How many of the company's other needs the page lists at most.</summary>
    public const int OtherNeedsShown = 20;

    // Same SIREN (the SIRET's first 9 digits); an agent sees only the needs one of their experts (or of their antennes) was sent.
    private const string LoadOtherNeeds = """
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, n.created_at as CreatedAt,
               n.status as Status
        from matching.need n
        where n.siret <> '' and left(n.siret, 9) = left(@Siret, 9) and n.id <> @NeedId
          and (@IsAdmin or exists (select 1 from matching.match m
                                   where m.need_id = n.id and m.sent_at is not null and m.expert_id = any(@ExpertIds)))
        order by n.created_at desc, n.id desc
        limit @Limit
        """;

    public async ValueTask<NeedDetails?> Handle(ShowNeedQuery query, CancellationToken cancellationToken)
    {
        Row? need;
        List<NeedMatch> matches;
        List<NeedHistoryEntry> history;
        List<NeedComment> comments;
        List<NeedReminder> reminders;
        NeedSatisfaction? satisfaction;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Load, new { query.NeedId }, cancellationToken: cancellationToken));
            need = await results.ReadSingleOrDefaultAsync<Row>();
            matches = (await results.ReadAsync<NeedMatch>()).AsList();
            history = (await results.ReadAsync<NeedHistoryEntry>()).AsList();
            comments = (await results.ReadAsync<NeedComment>()).AsList();
            reminders = (await results.ReadAsync<NeedReminder>()).AsList();
            satisfaction = await results.ReadSingleOrDefaultAsync<NeedSatisfaction>();
        }

        if (need is null)
        {
            return null;
        }

        if (!query.Viewer.IsAdmin)
        {
            matches.RemoveAll(m => m.SentAt is null);
        }

        if (!query.Viewer.IsAdmin && !matches.Any(m => query.Viewer.MayAnswerFor(m.ExpertId)))
        {
            logger.LogWarning("User {UserId} refused need {NeedId}: none of their experts received it", query.Viewer.UserId, query.NeedId);
            return null;
        }

        // The requester's answer is the team's to share: an agent reads it once shared, if one of their experts took the need in charge.
        if (!query.Viewer.IsAdmin && !(satisfaction?.SharedAt is not null
                                       && matches.Any(m => m.TakenCareOfAt is not null && query.Viewer.MayAnswerFor(m.ExpertId))))
        {
            satisfaction = null;
        }

        // The requester's contact is asked, never copied: personal data stays in Solicitations, the single place to purge it.
        var contact = await mediator.Send(new GetRequesterContact(need.SolicitationId), cancellationToken);
        var company = await DescribeCompanyAsync(need, cancellationToken);
        return new NeedDetails(need.NeedId, need.CompanyName, need.Siret.Trim(), need.SubjectSlug, need.Description, need.Status, need.CreatedAt,
            contact, company, System.Text.Json.JsonSerializer.Deserialize<List<SubjectAnswer>>(need.AnswersJson)!, matches, history)
        {
            Comments = comments,
            // The team's reminders (e-mails, calls and their notes) are its own work: on the timeline of admins only.
            Timeline = NeedTimeline.Build(need.CreatedAt, matches, history, comments, query.Viewer.IsAdmin ? reminders : [], satisfaction),
            Satisfaction = satisfaction,
            OtherNeeds = await OtherNeedsAsync(need, query.Viewer, cancellationToken),
            SolicitationId = need.SolicitationId,
            Followed = query.Viewer.IsAdmin && await FollowedAsync(need.NeedId, query.Viewer.UserId, cancellationToken),
        };
    }

    private async Task<bool> FollowedAsync(Guid needId, Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from matching.need_follower where need_id = @needId and user_id = @userId)", new { needId, userId },
            cancellationToken: cancellationToken));
    }

    private async Task<IReadOnlyList<OtherNeed>> OtherNeedsAsync(Row need, AgentViewer viewer, CancellationToken cancellationToken)
    {
        if (need.Siret.Trim().Length < 9)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var others = await connection.QueryAsync<OtherNeed>(new CommandDefinition(LoadOtherNeeds, new
        {
            need.NeedId, Siret = need.Siret.Trim(), viewer.IsAdmin, ExpertIds = viewer.ExpertIds.Concat(viewer.PerimeterExpertIds).Distinct().ToArray(),
            Limit = OtherNeedsShown,
        }, cancellationToken: cancellationToken));
        return others.Select(o => o with { Siret = o.Siret.Trim() }).ToList();
    }

    private async Task<NeedCompany?> DescribeCompanyAsync(Row facts, CancellationToken cancellationToken)
    {
        if (facts is { CommuneCode: null, NafCode: null, HeadcountBracket: null, CompanyCreatedOn: null })
        {
            return null;
        }

        var words = await mediator.Send(new DescribeCompany(facts.CommuneCode, facts.NafCode, facts.HeadcountBracket), cancellationToken);
        var place = facts.CommuneCode is null ? null
            : words.CommuneName is null ? $"Commune {facts.CommuneCode}"
            : $"{French.Commune(words.CommuneName, words.CommunePostcode)}{(words.DepartementName is { } departement && departement != words.CommuneName ? $", {departement}" : "")}";
        var activity = facts.NafCode is null ? null : French.Activity(facts.NafCode, words.NafLabel);
        return new NeedCompany(place, activity, words.HeadcountLabel, facts.CompanyCreatedOn);
    }

    // AnswersJson: the event's SubjectAnswer records as RouteValidatedSolicitation serialised them (default options).
    private sealed record Row(
        Guid NeedId, Guid SolicitationId, string? CompanyName, string Siret, string SubjectSlug, string Description, string Status, DateTime CreatedAt,
        string? CommuneCode, string? NafCode, string? HeadcountBracket, DateOnly? CompanyCreatedOn, string AnswersJson);
}
