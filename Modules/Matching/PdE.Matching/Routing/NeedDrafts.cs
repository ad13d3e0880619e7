using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Matching.Matches;
using PdE.Shared.Outbox;
using PdE.Shared.Text;
using SubjectAnswer = PdE.Solicitations.Contracts.SubjectAnswer;

namespace PdE.Matching.Routing;

/// <summary>A need's row as routing and sending read it (properties: Dapper maps them by name).</summary>
internal class RoutedNeed
{
    public Guid Id { get; init; }
    public Guid SolicitationId { get; init; }
    public string SubjectSlug { get; init; } = "";
    public string Siret { get; init; } = "";
    public string? CompanyName { get; init; }
    public string? CommuneCode { get; init; }
    public string? NafCode { get; init; }
    public string? HeadcountBracket { get; init; }
    public DateOnly? CompanyCreatedOn { get; init; }
    public string? LegalFormCode { get; init; }
    public bool? InRcs { get; init; }
    public bool? InRm { get; init; }
    public string Description { get; init; } = "";
    public DateTime? RequestedAt { get; init; }

    /// <summary>The requester's yes/no answers as the need keeps them (the event's <see cref="SubjectAnswer"/>s, default JSON).</summary>
    public string AnswersJson { get; init; } = "[]";

    public const string Columns = """
        id as Id, solicitation_id as SolicitationId, subject_slug as SubjectSlug, siret as Siret, company_name as CompanyName,
        commune_code as CommuneCode, naf_code as NafCode, headcount_bracket as HeadcountBracket, company_created_on as CompanyCreatedOn,
        legal_form_code as LegalFormCode, in_rcs as InRcs, in_rm as InRm, description as Description, requested_at as RequestedAt,
        answers::text as AnswersJson
        """;

    /// <summary>The need as the routing engine reads it, routed on <paramref name="today"/>.</summary>
    public RoutingNeed ForRouting(DateOnly today) => new(
        SubjectSlug, CommuneCode,
        new CompanyFacts(CompanyCreatedOn, HeadcountBracket, NafCode, LegalFormCode), InRcs, InRm, today)
    {
        Answers = System.Text.Json.JsonSerializer.Deserialize<List<SubjectAnswer>>(AnswersJson) ?? [],
    };
}

/// <summary>An expert put on a need as a draft: proposed by routing, or chosen by the team.</summary>
/// <param name="Explanation">Why, in French, for the team (« Couvre Nantes par son antenne … »).</param>
/// <param name="HasAccount">An account answers for the expert (without one, they are e-mailed but cannot answer on the site).</param>
/// <param name="AddedBy">The team member who added the expert by hand; null when routing proposed them.</param>
internal sealed record DraftExpert(
    Guid ExpertId, string FullName, string Email, Guid AntenneId, string AntenneName, Guid InstitutionId, string InstitutionName,
    string Explanation, bool HasAccount, string? AddedBy = null)
{
    public static DraftExpert Proposed(ProposedExpert proposed) => new(
        proposed.Expert.ExpertId, proposed.Expert.FullName, proposed.Expert.Email, proposed.Expert.AntenneId, proposed.Expert.AntenneName,
        proposed.Expert.InstitutionId, proposed.Expert.InstitutionName, proposed.Explanation, proposed.Expert.HasAccount);
}

/// <summary>
/// Draft matches and their sending, in the caller's transaction. A draft (<c>sent_at</c> null) is invisible to experts,
/// to the inbox counts and to the follow-up page; sending it stamps <c>sent_at</c>, recomputes the need's status from its
/// sent matches, and queues <see cref="MatchCreated"/> for each (the expert's e-mail) and, the first time the need reaches
/// anyone, <see cref="NeedRouted"/>.
/// </summary>
internal sealed class NeedDrafts(IMediator mediator)
{
    private const string InsertDraft = """
        insert into matching.match
            (id, need_id, expert_id, expert_name, expert_email, antenne_id, antenne_name, institution_id, institution_name,
             created_at, explanation, added_by, expert_has_account)
        values (@Id, @NeedId, @ExpertId, @FullName, @Email, @AntenneId, @AntenneName, @InstitutionId, @InstitutionName,
                @Now, @Explanation, @AddedBy, @HasAccount)
        on conflict (need_id, expert_id) do nothing
        returning id
        """;

    private const string Send = """
        update matching.match set sent_at = @Now
        where need_id = @NeedId and sent_at is null and (@MatchIds::uuid[] is null or id = any(@MatchIds))
        returning id as MatchId, expert_id as ExpertId, expert_name as ExpertName, expert_email as ExpertEmail, institution_name as InstitutionName,
                  institution_id as InstitutionId, antenne_id as AntenneId
        """;

    private const string SentStatuses = "select status from matching.match where need_id = @NeedId and sent_at is not null";

    private const string SetNeedStatus = "update matching.need set status = @Status where id = @NeedId";

    /// <summary>Adds the experts as drafts of the need (an expert already on it is left as is); returns the new matches' ids.</summary>
    public static async Task<IReadOnlyList<Guid>> AddAsync(
        NpgsqlTransaction transaction, Guid needId, IEnumerable<DraftExpert> experts, DateTime now, CancellationToken cancellationToken)
    {
        var added = new List<Guid>();
        foreach (var expert in experts)
        {
            var id = await transaction.Connection!.ExecuteScalarAsync<Guid?>(new CommandDefinition(InsertDraft, new
            {
                Id = Guid.CreateVersion7(), NeedId = needId, expert.ExpertId, expert.FullName, expert.Email, expert.AntenneId, expert.AntenneName,
                expert.InstitutionId, expert.InstitutionName, Now = now, expert.Explanation, expert.AddedBy, expert.HasAccount,
            }, transaction, cancellationToken: cancellationToken));
            if (id is { } matchId)
            {
                added.Add(matchId);
            }
        }

        return added;
    }

    /// <summary>
    /// Sends the need's drafts <paramref name="matchIds"/> (null: all of them) and queues the events; returns how many were
    /// sent. The need row must be locked by the caller when several senders may race.
    /// </summary>
    public async Task<int> SendAsync(
        NpgsqlTransaction transaction, RoutedNeed need, IReadOnlyCollection<Guid>? matchIds, DateTime now, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var before = (await connection.QueryAsync<string>(
            new CommandDefinition(SentStatuses, new { NeedId = need.Id }, transaction, cancellationToken: cancellationToken))).AsList();
        var sent = (await connection.QueryAsync<SentMatch>(new CommandDefinition(
            Send, new { NeedId = need.Id, MatchIds = matchIds?.ToArray(), Now = now }, transaction, cancellationToken: cancellationToken))).AsList();
        if (sent.Count == 0)
        {
            return 0;
        }

        var statuses = (await connection.QueryAsync<string>(
            new CommandDefinition(SentStatuses, new { NeedId = need.Id }, transaction, cancellationToken: cancellationToken))).AsList();
        await connection.ExecuteAsync(new CommandDefinition(
            SetNeedStatus, new { NeedId = need.Id, Status = MatchStatus.NeedStatusOf(statuses) }, transaction, cancellationToken: cancellationToken));

        var (subjectLabel, place) = await DescribeAsync(need, cancellationToken);
        foreach (var match in sent.OrderBy(m => m.ExpertName, StringComparer.Ordinal))
        {
            await transaction.EnqueueAsync(MatchingSchema.Name, new MatchCreated(
                Guid.CreateVersion7(), match.MatchId, need.Id, need.SolicitationId, match.ExpertId, match.ExpertName, match.ExpertEmail,
                match.InstitutionName, need.Siret.Trim(), need.Description, now, need.CompanyName, subjectLabel, place, need.RequestedAt,
                $"/conseiller/besoins/{need.Id}", match.InstitutionId, match.AntenneId));
        }

        // Stats count a routed need once: an expert added after the first sending is one more match, not one more need.
        if (before.Count == 0)
        {
            await transaction.EnqueueAsync(MatchingSchema.Name, new NeedRouted(
                Guid.CreateVersion7(), need.Id, need.SolicitationId, sent.Count, now, need.SubjectSlug, need.CommuneCode, need.NafCode, need.HeadcountBracket));
        }

        return sent.Count;
    }

    /// <summary>The subject and the commune in words, for the experts' e-mail (an expert reads « Rouen (76000) », not 76540).</summary>
    private async Task<(string? SubjectLabel, string? Place)> DescribeAsync(RoutedNeed need, CancellationToken cancellationToken)
    {
        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        var subject = catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == need.SubjectSlug)?.Label;
        if (need.CommuneCode is not { } code)
        {
            return (subject, null);
        }

        var communes = await mediator.Send(new GetCommuneNames([code]), cancellationToken);
        return (subject, communes.TryGetValue(code, out var commune) ? French.Commune(commune.Name, commune.Postcode) : null);
    }

    private sealed record SentMatch(Guid MatchId, Guid ExpertId, string ExpertName, string ExpertEmail, string InstitutionName, Guid? InstitutionId, Guid? AntenneId);
}
