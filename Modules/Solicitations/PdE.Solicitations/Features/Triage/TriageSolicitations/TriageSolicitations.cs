using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>The tabs of the desk: a tab is one status of a sent request.</summary>
internal static class TriageTabs
{
    public static readonly IReadOnlyList<(string Slug, string Status, string Label)> All =
    [
        ("recues", "received", "Reçues"),
        ("mises-en-relation", "validated", "Mises en relation"),
        ("abandonnees", "canceled", "Abandonnées"),
        ("mises-de-cote", "blocked", "Mises de côté"),
    ];

    /// <summary>One request's status, as its badge says it: « Reçue », not the tab's « Reçues ».</summary>
    public static string StatusLabel(string status) => status switch
    {
        "received" => "Reçue",
        "validated" => "Mise en relation",
        "canceled" => "Abandonnée",
        "blocked" => "Mise de côté",
        _ => status,
    };

    public static string StatusOf(string? slug) => All.FirstOrDefault(t => t.Slug == slug).Status ?? "received";

    public static string SlugOf(string status) => All.First(t => t.Status == status).Slug;
}

/// <summary>What narrows the list (every part optional).</summary>
/// <param name="Departements">Codes of the départements of the chosen région (its communes' first 2 characters, 3 for 97x);
/// an empty list keeps the requests whose commune is unknown (registry pending, abroad).</param>
/// <param name="Search">Free text, accent- and case-insensitive, on name, e-mail, company, SIRET and description: every word must be found.</param>
/// <param name="Flag">Slug of a warning flag (<see cref="TriageFlags.Filters"/>): only the requests that raise it; an unknown slug is ignored.</param>
internal sealed record TriageFilter(
    string? Subject = null,
    IReadOnlyList<string>? Departements = null,
    string? Landing = null,
    string? Tag = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Search = null,
    string? Flag = null);

/// <summary>One page of a tab of the desk, with the count of every tab under the same filter; or one request by id, whatever its tab.</summary>
internal sealed record ListSolicitationsQuery(string Status, TriageFilter Filter, int Page = 1, Guid? Id = null) : IQuery<TriagePage>;

/// <param name="TooBroad">The view took longer than its bound (<c>Triage:ViewTimeout</c>) and was stopped: nothing is listed
/// and the team is asked to narrow it (a warning flag over the whole history is the case: it compares every request with the others).</param>
/// <param name="UncountedPast">Set when a search found more requests than it counts (<see cref="ListSolicitationsHandler.SearchCountCap"/>,
/// given here): the tabs show no count, and the page links to the next one while there is one (up to the cap's pages).</param>
internal sealed record TriagePage(
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<SolicitationCard> Cards, int Page, int PageCount, bool TooBroad = false,
    int? UncountedPast = null);

/// <summary>One entry of a request's timeline.</summary>
internal sealed record TimelineEntry(DateTime OccurredAt, string Actor, string Action, string? Detail)
{
    public string Label => Action switch
    {
        "validated" => "Demande validée et transmise aux conseillers",
        "subject_changed" => "Sujet modifié",
        "canceled" => "Demande abandonnée, réponse envoyée",
        "tag_added" => "Étiquette ajoutée",
        "tag_removed" => "Étiquette retirée",
        "comment" => "Commentaire",
        "released" => "Remise dans les reçues",
        "to_route" => "Laissée « À orienter » : aucun conseiller ne la couvre",
        _ => Action,
    };
}

/// <summary>A sent request as the team reads it, with its warning flags and timeline.</summary>
internal sealed record SolicitationCard
{
    public required Guid Id { get; init; }
    public required string Status { get; init; }
    public required string FullName { get; init; }
    public required string Email { get; init; }
    public required string Phone { get; init; }
    public string? Siret { get; init; }
    public string? CompanyName { get; init; }
    public string? NafCode { get; init; }
    public string? CommuneCode { get; init; }
    public int? Amount { get; init; }
    public required string SubjectSlug { get; init; }
    public string? LandingSlug { get; init; }
    public required string Description { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? OriginPage { get; init; }

    /// <summary>Sent through the partner API: the partner institution and the label and prefix of its key.</summary>
    public string? PartnerInstitution { get; init; }
    public string? PartnerKeyLabel { get; init; }
    public string? PartnerKeyPrefix { get; init; }
    public bool RegistryPending { get; init; }
    public DateTime SubmittedAt { get; init; }
    public string[] Tags { get; init; } = [];
    public string? CancelReply { get; init; }
    public string? BlockedReason { get; init; }

    /// <summary>Why the last validation found no expert to send it to: the request waits « À orienter ».</summary>
    public string? ToRouteReason { get; init; }

    /// <summary>The step 3 answers as stored, JSON.</summary>
    public string AnswersJson { get; init; } = "[]";

    public IReadOnlyList<SubjectAnswer> Answers => answers ??= TriageFormat.Answers(AnswersJson);

    private IReadOnlyList<SubjectAnswer>? answers;

    /// <summary>Sent to experts who all declined it (« Ce n’est pas pour moi »): the team must find someone else.</summary>
    public bool AllDeclined { get; init; }

    /// <summary>Validated, but no expert has received it yet (« Valider et orienter » left unfinished, or routing under way).</summary>
    public bool NotSent { get; init; }

    /// <summary>Same SIRET or e-mail, same subject, another request within 3 weeks: "doublon possible" (never merged).</summary>
    public bool PossibleDuplicate { get; init; }

    /// <summary>Same SIRET, another request within 3 weeks on another subject.</summary>
    public bool SameCompanyRecently { get; init; }

    /// <summary>The same SIRET or e-mail had a request the team abandoned.</summary>
    public bool PreviouslyAbandoned { get; init; }

    public bool Intermediary => TriageFlags.IsIntermediary(NafCode);

    /// <summary>In the RCS (registre du commerce et des sociétés); null while unknown.</summary>
    public bool? InRcs { get; init; }

    /// <summary>In the RM (répertoire des métiers); null while unknown.</summary>
    public bool? InRm { get; init; }

    /// <summary>Known to be in neither register: maybe not a company at all (an association, a liberal profession, a private person).</summary>
    public bool InNoRegister => InRcs == false && InRm == false;

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>The département of the commune: its first 2 characters, 3 overseas (97x).</summary>
    public string? Departement => InseeCodes.DepartementOf(CommuneCode);
}

internal static class TriageFlags
{
    public const string InNoRegisterExplanation = "Ni au RCS ni au RM : vérifier qu’il s’agit bien d’une entreprise";

    /// <summary>The flags the desk filters on: slug (in the address), label.</summary>
    public static readonly IReadOnlyList<(string Slug, string Label)> Filters =
    [
        ("a-orienter", "À orienter"),
        ("a-transmettre", "À transmettre"),
        ("tous-ont-refuse", "Tous ont refusé"),
        ("doublon", "Doublon possible"),
        ("meme-entreprise", "Même entreprise récemment"),
        ("deja-abandonnee", "Demande déjà abandonnée"),
        ("intermediaire", "Intermédiaire possible"),
        ("ni-rcs-ni-rm", "Ni RCS ni RM"),
        ("repertoire-en-attente", "Répertoire en attente"),
    ];

    /// <summary>Consultants, accountants, associations and public bodies: they often ask on someone else's behalf.</summary>
    public static readonly IReadOnlySet<string> IntermediaryNafCodes =
        new HashSet<string> { "7022Z", "6920Z", "9411Z", "8299Z", "7021Z", "9499Z", "8413Z" };

    /// <summary>"70.22Z" and "7022z" are both 7022Z.</summary>
    public static bool IsIntermediary(string? nafCode) =>
        nafCode is not null && IntermediaryNafCodes.Contains(nafCode.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant());
}

internal sealed class ListSolicitationsHandler(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<ListSolicitationsHandler> logger)
    : IQueryHandler<ListSolicitationsQuery, TriagePage>
{
    public const int PageSize = 25;

    /// <summary>How long a view may run each query before it is stopped and the team asked to narrow it (Triage:ViewTimeout).</summary>
    private TimeSpan Bound => configuration.GetValue("Triage:ViewTimeout", TimeSpan.FromSeconds(10));

    /// <summary>
    /// How many requests a search counts at most (Triage:SearchCountCap). Counting a common word's tens of thousands of hits
    /// means reading each of them from the table (a trigram index cannot tell which tab a row is in, and every hit must be
    /// checked): 0.3 to 0.6 s at a million requests. Past the cap the tabs show no count and the team is asked to narrow the
    /// search; the cards are still the right ones, in the tab's order (their query walks the tab and stops at the page).
    /// </summary>
    public int SearchCountCap => configuration.GetValue("Triage:SearchCountCap", 1000);

    /// <summary>The last page an uncounted search lists: as many pages as the cap fills (an offset past it would walk the tab too far).</summary>
    private int LastUncountedPage => Math.Max(1, SearchCountCap / PageSize);

    // Flags compare with the other sent requests of the same SIRET or e-mail (3 weeks either side for the recent ones).
    // One EXISTS per key (SIRET, then e-mail) rather than one with an OR: each is a single range of its index
    // (migration solicitations/0013), where an OR made PostgreSQL merge two bitmaps for every request compared (4 to 5 times slower).
    private const string PossibleDuplicate = """
        (exists (select 1 from solicitations.solicitation o
                 where o.status <> 'draft' and o.siret = s.siret and o.subject_slug = s.subject_slug and o.id <> s.id
                   and o.submitted_at between s.submitted_at - interval '21 days' and s.submitted_at + interval '21 days')
         or exists (select 1 from solicitations.solicitation o
                    where o.status <> 'draft' and lower(o.email) = lower(s.email) and o.subject_slug = s.subject_slug and o.id <> s.id
                      and o.submitted_at between s.submitted_at - interval '21 days' and s.submitted_at + interval '21 days'))
        """;

    private const string SameCompanyRecently = """
        exists (select 1 from solicitations.solicitation o
                where o.id <> s.id and o.status <> 'draft' and o.subject_slug <> s.subject_slug and o.siret = s.siret
                  and o.submitted_at between s.submitted_at - interval '21 days' and s.submitted_at + interval '21 days')
        """;

    private const string PreviouslyAbandoned = """
        (exists (select 1 from solicitations.solicitation o where o.status = 'canceled' and o.siret = s.siret and o.id <> s.id)
         or exists (select 1 from solicitations.solicitation o where o.status = 'canceled' and lower(o.email) = lower(s.email) and o.id <> s.id))
        """;

    // What Matching told the follow-up page, counted on the request (migration solicitations/0012): every expert the request
    // reached declined it; no expert has received the validated request yet.
    private const string AllDeclined = "(s.follow_up_matches > 0 and s.follow_up_open = 0)";

    private const string NotSent = "(s.status = 'validated' and s.follow_up_matches = 0)";

    private static readonly string[] Triage = ["received", "blocked"];

    /// <summary>
    /// The condition of each flag filter, by slug (a fixed list: nothing typed reaches the SQL), and the tabs where the flag
    /// calls for an action, the only ones it filters: a request's warnings about its sender are for deciding what to do with
    /// it (« Reçues », « Mises de côté »); its follow-up's, for what it became once validated. Comparing every request of the
    /// whole history with the others would take seconds, for flags nobody acts on any more.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, (string Condition, string[] Statuses)> FlagConditions =
        new Dictionary<string, (string, string[])>
        {
            ["a-orienter"] = ("s.to_route_reason is not null", ["received"]),
            ["a-transmettre"] = (NotSent, ["validated"]),
            ["tous-ont-refuse"] = (AllDeclined, ["validated"]),
            ["doublon"] = (PossibleDuplicate, Triage),
            ["meme-entreprise"] = (SameCompanyRecently, Triage),
            ["deja-abandonnee"] = (PreviouslyAbandoned, Triage),
            ["intermediaire"] = ("upper(trim(replace(s.naf_code, '.', ''))) = any(@IntermediaryNafCodes)", Triage),
            ["ni-rcs-ni-rm"] = ("(s.in_rcs = false and s.in_rm = false)", Triage),
            ["repertoire-en-attente"] = ("s.registry_pending", Triage),
        };

    // Every condition is an index range when it stands alone: the period compares the submission instant with the bounds of
    // the Paris days (not a date computed per row), a search word is looked up in the trigram index of search_text.
    private static readonly string Where = $"""
        s.status <> 'draft'
          and (@Id::uuid is null or s.id = @Id)
          and (@Subject::text is null or s.subject_slug = @Subject)
          and (@Departements::text[] is null or s.departement = any(@Departements)
               or (cardinality(@Departements::text[]) = 0 and s.commune_code is null))
          and (@Landing::text is null or s.landing_slug = @Landing)
          and (@Tag::text is null or @Tag = any(s.tags))
          and (@From::date is null or s.submitted_at >= (@From::date::timestamp at time zone 'Europe/Paris'))
          and (@To::date is null or s.submitted_at < ((@To::date + 1)::timestamp at time zone 'Europe/Paris'))
        """;

    private static string WhereFor(string? flag, IReadOnlyList<string> words)
    {
        var where = flag is not null && FlagConditions.TryGetValue(flag, out var raised)
            ? $"{Where}\n  and s.status in ({string.Join(", ", raised.Statuses.Select(status => $"'{status}'"))}) and {raised.Condition}"
            : Where;
        return words.Count == 0 ? where : $"{where}\n  and {TextSearch.FoldedContainsEvery("s.search_text", "Word", words)}";
    }

    private static string CountByStatus(string? flag, IReadOnlyList<string> words) => $"""
        select s.status as Status, count(*)::int as Count from solicitations.solicitation s where {WhereFor(flag, words)} group by s.status
        """;

    // A search counts its first hits only, in whatever order the trigram index gives them (one pass over the index for all tabs).
    private static string CountSearchHits(string? flag, IReadOnlyList<string> words) => $"""
        select hits.status as Status, count(*)::int as Count
        from (select s.status from solicitations.solicitation s where {WhereFor(flag, words)} limit @CountLimit) hits
        group by hits.status
        """;

    // The desk's home (no filter): the counts kept by migration solicitations/0011's triggers, not a count of the table.
    private const string KeptCounts = """
        select status as Status, sum(count)::int as Count from solicitations.status_count group by status
        """;

    // The page's 25 ids first, from the index range of the tab when nothing else narrows it, then their cards. Received and
    // set-aside requests are read oldest first (the next to handle on top), the others newest first. An id (the request's own
    // page) is found whatever its tab.
    //
    // A search too common to be counted (walkTab) reads the tab's range in its order and tests the words row by row as they
    // come: the page is found within its first rows. Left to itself, the planner misjudges how common a word is and may
    // read all of its tens of thousands of hits through the trigram index to sort them (0.8 s for « developper export »);
    // the "offset 0" keeps the ordered range as the plan.
    private static string FindCards(string? flag, IReadOnlyList<string> words, string status, bool walkTab)
    {
        var direction = status is "received" or "blocked" ? "" : " desc";
        var page = walkTab
            ? $"""
              select t.id, t.submitted_at from (
                  select s.id, s.submitted_at, s.search_text from solicitations.solicitation s
                  where (@Id::uuid is not null or s.status = @Status) and {WhereFor(flag, [])}
                  order by s.submitted_at{direction}, s.id
                  offset 0
              ) t
              where {TextSearch.FoldedContainsEvery("t.search_text", "Word", words)}
              limit @Limit offset @Offset
              """
            : $"""
              select s.id, s.submitted_at from solicitations.solicitation s
              where (@Id::uuid is not null or s.status = @Status) and {WhereFor(flag, words)}
              order by s.submitted_at{direction}, s.id
              limit @Limit offset @Offset
              """;
        return $"""
        with page as (
        {page}
        )
        select s.id as Id, s.status as Status, s.full_name as FullName, s.email as Email, s.phone as Phone, s.siret as Siret,
               s.company_name as CompanyName, s.naf_code as NafCode, s.commune_code as CommuneCode, s.amount as Amount,
               s.subject_slug as SubjectSlug, s.landing_slug as LandingSlug, s.description as Description,
               s.utm_source as UtmSource, s.utm_campaign as UtmCampaign, s.utm_term as UtmTerm, s.origin_page as OriginPage,
               s.registry_pending as RegistryPending, s.submitted_at as SubmittedAt, s.tags as Tags, s.cancel_reply as CancelReply,
               s.blocked_reason as BlockedReason, s.to_route_reason as ToRouteReason, s.answers::text as AnswersJson, s.in_rcs as InRcs, s.in_rm as InRm,
               k.institution_name as PartnerInstitution, k.label as PartnerKeyLabel, k.key_prefix as PartnerKeyPrefix,
               {PossibleDuplicate} as PossibleDuplicate,
               {SameCompanyRecently} as SameCompanyRecently,
               {PreviouslyAbandoned} as PreviouslyAbandoned,
               {AllDeclined} as AllDeclined,
               {NotSent} as NotSent
        from page
        join solicitations.solicitation s on s.id = page.id
        left join solicitations.partner_api_key k on k.id = s.partner_api_key_id
        order by page.submitted_at{direction}, page.id
        """;
    }

    private const string FindTimeline = """
        select solicitation_id as SolicitationId, occurred_at as OccurredAt, actor as Actor, action as Action, detail as Detail
        from solicitations.solicitation_event
        where solicitation_id = any(@Ids)
        order by occurred_at, id
        """;

    public async ValueTask<TriagePage> Handle(ListSolicitationsQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        // A SIRET typed with spaces ("732 829 320 00074") is searched as its digits.
        if (search is not null && search.All(c => char.IsAsciiDigit(c) || c == ' '))
        {
            search = search.Replace(" ", "", StringComparison.Ordinal);
        }

        var page = Math.Max(1, query.Page);
        var words = search?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var parameters = new DynamicParameters(new
        {
            query.Status,
            query.Id,
            Subject = Blank(filter.Subject),
            Departements = filter.Departements?.ToArray(),
            Landing = Blank(filter.Landing),
            Tag = Blank(filter.Tag)?.ToLowerInvariant(),
            IntermediaryNafCodes = TriageFlags.IntermediaryNafCodes.ToArray(),
            From = filter.From?.ToDateTime(TimeOnly.MinValue),
            To = filter.To?.ToDateTime(TimeOnly.MinValue),
            CountLimit = SearchCountCap + 1,
        });
        TextSearch.AddWords(parameters, "Word", words);
        var unfiltered = query.Id is null && words.Length == 0 && Blank(filter.Subject) is null && filter.Departements is null
                         && Blank(filter.Landing) is null && Blank(filter.Tag) is null && filter.From is null && filter.To is null
                         && (filter.Flag is null || !FlagConditions.ContainsKey(filter.Flag));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Counts and cards from one snapshot, each planned for its own words and filters: Npgsql prepares a statement run
        // often, and PostgreSQL then may plan it once for any parameters, blind to how common a word is; for the desk that
        // generic plan read a rare word's whole tab (1.5 s instead of 40 ms, one view in ten).
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // No page of the desk reads the whole table: a search's count stops at the cap, and with a word thought common (its
        // trigram estimate) a sequential scan stopped at the cap's row looked as cheap as the index; it was not (89 ms
        // against 35 for « cremerie » at a million requests).
        await connection.ExecuteAsync(new CommandDefinition(
            "set transaction read only; set local plan_cache_mode = force_custom_plan; set local enable_seqscan = off",
            transaction: transaction, cancellationToken: cancellationToken));
        // The request's token goes to every query: a desk view the agent left (a new search typed, the tab closed) stops its
        // SQL at once instead of running it to the end for nobody. A view that runs past the bound is stopped too.
        var bound = Bound;
        var timeout = (int)Math.Ceiling(bound.TotalSeconds);
        Dictionary<string, int> counts;
        List<SolicitationCard> cards;
        bool uncounted;
        try
        {
            var countQuery = unfiltered ? KeptCounts : words.Length > 0 ? CountSearchHits(filter.Flag, words) : CountByStatus(filter.Flag, words);
            counts = (await connection.QueryAsync<(string Status, int Count)>(new CommandDefinition(
                    countQuery, parameters, transaction, timeout, cancellationToken: cancellationToken)))
                .ToDictionary(c => c.Status, c => c.Count);
            // Uncounted, a search lists its pages one after the other up to the last the cap fills, and reads one card more than a
            // page to know whether a next page exists.
            uncounted = words.Length > 0 && counts.Values.Sum() > SearchCountCap;
            if (uncounted)
            {
                page = Math.Min(page, LastUncountedPage);
            }

            parameters.Add("Limit", uncounted ? PageSize + 1 : PageSize);
            parameters.Add("Offset", (page - 1) * PageSize);
            cards = (await connection.QueryAsync<SolicitationCard>(new CommandDefinition(
                FindCards(filter.Flag, words, query.Status, walkTab: uncounted), parameters, transaction, timeout,
                cancellationToken: cancellationToken))).AsList();
        }
        catch (NpgsqlException exception) when (exception.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Triage desk view stopped after {Bound}: tab {Status}, flag {Flag}, {Words} search words, subject {Subject}",
                bound, query.Status, filter.Flag, words.Length, filter.Subject);
            return new TriagePage(TriageTabs.All.ToDictionary(t => t.Status, _ => 0), [], 1, 1, TooBroad: true);
        }

        var hasNext = uncounted && cards.Count > PageSize && page < LastUncountedPage;
        if (cards.Count > PageSize)
        {
            cards.RemoveRange(PageSize, cards.Count - PageSize);
        }

        var timelines = (await connection.QueryAsync<TimelineRow>(
                new CommandDefinition(FindTimeline, new { Ids = cards.Select(c => c.Id).ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToLookup(t => t.SolicitationId, t => new TimelineEntry(t.OccurredAt, t.Actor, t.Action, t.Detail));
        await transaction.CommitAsync(cancellationToken);

        var total = counts.GetValueOrDefault(query.Status);
        return new TriagePage(
            TriageTabs.All.ToDictionary(t => t.Status, t => counts.GetValueOrDefault(t.Status)),
            cards.Select(c => c with { Timeline = timelines[c.Id].ToList() }).ToList(),
            page,
            uncounted ? page + (hasNext ? 1 : 0) : Math.Max(1, (total + PageSize - 1) / PageSize),
            UncountedPast: uncounted ? SearchCountCap : null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record TimelineRow(Guid SolicitationId, DateTime OccurredAt, string Actor, string Action, string? Detail);
}
