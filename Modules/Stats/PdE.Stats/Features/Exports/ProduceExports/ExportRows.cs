using System.Runtime.CompilerServices;
using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;
using PdE.Stats.Features.Shared;
using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.Exports.ProduceExports;

/// <summary>
/// The rows of an export: Stats' facts choose which requests, needs or matches the scope covers (the same filters as the
/// statistics pages, and a manager's experts), in the order they were received or sent; the modules that own them give
/// their details through their contracts, a page at a time.
/// </summary>
internal sealed class ExportRows(NpgsqlDataSource dataSource, IMediator mediator)
{
    public const int PageSize = 1_000;

    // Each query gives (At, GroupId, Id): the order of the file, a need's matches together.
    private static readonly string RequestKeys = $"""
        with requests as ({FilteredFacts.Requests})
        select r.received_at as At, r.solicitation_id as GroupId, r.solicitation_id as Id
        from requests r
        where (@ExpertIds::uuid[] is null or exists (
                select 1 from stats.need_fact n join stats.match_fact m on m.need_id = n.need_id
                where n.solicitation_id = r.solicitation_id and m.expert_id = any(@ExpertIds)))
          and (@AntenneId::uuid is null or exists (
                select 1 from stats.need_fact n join stats.match_fact m on m.need_id = n.need_id
                where n.solicitation_id = r.solicitation_id and m.antenne_id = @AntenneId))
        """;

    private static readonly string NeedKeys = $"""
        with needs as ({FilteredFacts.Needs})
        select n.routed_at as At, n.need_id as GroupId, n.need_id as Id
        from needs n
        where (@ExpertIds::uuid[] is null or exists (
                select 1 from stats.match_fact m where m.need_id = n.need_id and m.expert_id = any(@ExpertIds)))
          and (@AntenneId::uuid is null or exists (
                select 1 from stats.match_fact m where m.need_id = n.need_id and m.antenne_id = @AntenneId))
        """;

    // As the team's figures count them (GetAgentStats): the match's own institution narrows too.
    private static readonly string MatchKeys = $"""
        with needs as ({FilteredFacts.Needs})
        select n.routed_at as At, n.need_id as GroupId, m.match_id as Id
        from needs n join stats.match_fact m on m.need_id = n.need_id
        where (@InstitutionId::uuid is null or m.institution_id = @InstitutionId)
          and (@AntenneId::uuid is null or m.antenne_id = @AntenneId)
          and (@ExpertIds::uuid[] is null or m.expert_id = any(@ExpertIds))
        """;

    public static IReadOnlyList<string> Headers(ExportKind kind) => kind.Key switch
    {
        "requests" =>
        [
            "Date de la demande", "Identifiant de la demande", "État", "Thème", "Sujet", "SIRET", "Entreprise", "Commune (code INSEE)",
            "Département", "Code NAF", "Effectif", "Demandeur", "E-mail", "Téléphone", "Description", "Page partenaire", "Page d’origine",
            "Campagne", "Étiquettes",
        ],
        "needs" =>
        [
            "Date d’envoi", "Identifiant du besoin", "Identifiant de la demande", "Thème", "Sujet", "SIRET", "Entreprise",
            "Commune (code INSEE)", "Département", "État", "Première prise en charge", "Première clôture", "Nombre de conseillers",
            "Conseillers", "Description",
        ],
        _ =>
        [
            "Date d’envoi", "Identifiant de la mise en relation", "Identifiant du besoin", "Identifiant de la demande", "Thème", "Sujet",
            "SIRET", "Entreprise", "Commune (code INSEE)", "Département", "Conseiller", "E-mail du conseiller", "Antenne", "Institution",
            "État", "Prise en charge", "Clôture",
        ],
    };

    public async Task<int> CountAsync(ExportKind kind, ExportScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*) from ({Keys(kind)}) k", Parameters(scope, null), cancellationToken: cancellationToken));
    }

    /// <summary>The rows, a page at a time, in the order of the file.</summary>
    public async IAsyncEnumerable<IReadOnlyList<object?[]>> PagesAsync(
        ExportKind kind, ExportScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subjects = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects.Select(s => (s.Slug, Theme: t.Label, Subject: s.Label)))
            .DistinctBy(s => s.Slug)
            .ToDictionary(s => s.Slug, s => (s.Theme, s.Subject));
        (string? Theme, string Subject) Subject(string slug) => subjects.TryGetValue(slug, out var found) ? found : (null, slug);

        Key? after = null;
        while (true)
        {
            IReadOnlyList<Key> keys;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                keys = (await connection.QueryAsync<Key>(new CommandDefinition(
                    $"""
                    select * from ({Keys(kind)}) k
                    where @AfterAt::timestamptz is null or (k.At, k.GroupId, k.Id) > (@AfterAt, @AfterGroupId, @AfterId)
                    order by k.At, k.GroupId, k.Id
                    limit {PageSize}
                    """,
                    Parameters(scope, after), cancellationToken: cancellationToken))).AsList();
            }

            if (keys.Count == 0)
            {
                yield break;
            }

            var ids = keys.Select(k => k.Id).ToList();
            yield return kind.Key switch
            {
                "requests" => InOrder(ids, await mediator.Send(new GetRequestsForExport(ids), cancellationToken), r => r.SolicitationId, r =>
                {
                    var (theme, subject) = Subject(r.SubjectSlug);
                    return
                    [
                        French.ToParis(r.SubmittedAt), r.SolicitationId.ToString(), r.Status, theme, subject, r.Siret, r.CompanyName, r.CommuneCode,
                        InseeCodes.DepartementOf(r.CommuneCode), r.NafCode, HeadcountBracket.Find(r.HeadcountBracket)?.Label ?? r.HeadcountBracket,
                        r.FullName, r.Email, r.Phone, r.Description, r.LandingSlug, r.OriginPage, r.Campaign, string.Join(", ", r.Tags),
                    ];
                }),
                "needs" => InOrder(ids, await mediator.Send(new GetNeedsForExport(ids), cancellationToken), n => n.NeedId, n =>
                {
                    var (theme, subject) = Subject(n.SubjectSlug);
                    return
                    [
                        French.ToParis(n.SentAt), n.NeedId.ToString(), n.SolicitationId.ToString(), theme, subject, Blank(n.Siret), n.CompanyName,
                        n.CommuneCode, InseeCodes.DepartementOf(n.CommuneCode), n.Status, ParisOrNull(n.FirstTakenInChargeAt),
                        ParisOrNull(n.FirstClosedAt), n.Experts.Count, string.Join(", ", n.Experts), n.Description,
                    ];
                }),
                _ => InOrder(ids, await mediator.Send(new GetMatchesForExport(ids), cancellationToken), m => m.MatchId, m =>
                {
                    var (theme, subject) = Subject(m.SubjectSlug);
                    return
                    [
                        French.ToParis(m.SentAt), m.MatchId.ToString(), m.NeedId.ToString(), m.SolicitationId.ToString(), theme, subject,
                        Blank(m.Siret), m.CompanyName, m.CommuneCode, InseeCodes.DepartementOf(m.CommuneCode), m.ExpertName, m.ExpertEmail,
                        m.AntenneName, m.InstitutionName, m.Status, ParisOrNull(m.TakenInChargeAt), ParisOrNull(m.ClosedAt),
                    ];
                }),
            };

            if (keys.Count < PageSize)
            {
                yield break;
            }

            after = keys[^1];
        }
    }

    private static string Keys(ExportKind kind) => kind.Key switch
    {
        "requests" => RequestKeys,
        "needs" => NeedKeys,
        _ => MatchKeys,
    };

    private static DynamicParameters Parameters(ExportScope scope, Key? after)
    {
        var parameters = scope.Filter.SqlParameters();
        parameters.AddDynamicParams(new { scope.AntenneId, scope.ExpertIds, AfterAt = after?.At, AfterGroupId = after?.GroupId, AfterId = after?.Id });
        return parameters;
    }

    /// <summary>The rows in the order of the ids; an id its module no longer has (a request deleted since) is left out.</summary>
    private static List<object?[]> InOrder<T>(IReadOnlyList<Guid> ids, IReadOnlyList<T> found, Func<T, Guid> idOf, Func<T, object?[]> row)
    {
        var byId = found.ToDictionary(idOf);
        return [.. ids.Where(byId.ContainsKey).Select(id => row(byId[id]))];
    }

    private static DateTime? ParisOrNull(DateTime? utc) => utc is { } at ? French.ToParis(at) : null;

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record Key(DateTime At, Guid GroupId, Guid Id);
}
