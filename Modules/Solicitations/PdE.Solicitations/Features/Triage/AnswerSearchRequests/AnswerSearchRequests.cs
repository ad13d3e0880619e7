using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PdE.Shared.Db;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Triage.TriageSolicitations;

namespace PdE.Solicitations.Features.Triage.AnswerSearchRequests;

/// <summary>
/// The search box's requests. Words the planner expects in few requests are looked up in the trigram index of
/// <c>search_text</c> (migration 0011): the first <see cref="TextSearch.CountCap"/> hits are counted, the newest shown, their
/// companies grouped. Common words (<see cref="PlanEstimate.CommonPast"/>, <c>Search:CommonWordsPast</c>) are found by walking the sent requests from the
/// newest and testing the words row by row, up to <see cref="TextSearch.CommonWordCap"/> hits: the index would gather
/// hundreds of thousands of them first.
/// </summary>
internal sealed class AnswerSearchRequestsHandler(NpgsqlDataSource dataSource, IConfiguration configuration) : IQueryHandler<SearchRequests, FoundRequests>
{
    private double CommonWordsPast => configuration.GetValue("Search:CommonWordsPast", PlanEstimate.CommonPast);

    private static string Matching(IReadOnlyList<string> words) => $"""
        select 1 from solicitations.solicitation s where s.status <> 'draft' and {TextSearch.FoldedContainsEvery("s.search_text", "Word", words)}
        """;

    private static string ByIndex(IReadOnlyList<string> words) => $"""
        select s.id as Id, s.submitted_at as SubmittedAt, nullif(trim(s.siret), '') as Siret, s.company_name as CompanyName
        from solicitations.solicitation s
        where s.status <> 'draft' and {TextSearch.FoldedContainsEvery("s.search_text", "Word", words)}
        limit @Cap
        """;

    // "offset 0" keeps the newest-first range as the plan: left to itself, the planner would ask the trigram index.
    private static string Walking(IReadOnlyList<string> words) => $"""
        select t.id as Id, t.submitted_at as SubmittedAt, nullif(trim(t.siret), '') as Siret, t.company_name as CompanyName from (
            select s.id, s.submitted_at, s.siret, s.company_name, s.search_text from solicitations.solicitation s
            where s.status <> 'draft' order by s.submitted_at desc offset 0
        ) t
        where {TextSearch.FoldedContainsEvery("t.search_text", "Word", words)}
        limit @Cap
        """;

    private const string Requests = """
        select id as Id, full_name as FullName, company_name as CompanyName, nullif(trim(siret), '') as Siret, subject_slug as SubjectSlug,
               status as Status, submitted_at as SubmittedAt
        from solicitations.solicitation where id = any(@Ids)
        order by submitted_at desc, id
        """;

    public async ValueTask<FoundRequests> Handle(SearchRequests query, CancellationToken cancellationToken)
    {
        var words = TextSearch.WordsOf(query.Text);
        if (words.Count == 0)
        {
            return new FoundRequests(0, false, [], []);
        }

        var parameters = new DynamicParameters();
        TextSearch.AddWords(parameters, "Word", words);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await TextSearch.BeginSearchAsync(connection, cancellationToken);
        var common = await PlanEstimate.RowsAsync(connection, transaction, Matching(words), parameters, cancellationToken) > CommonWordsPast;
        var cap = common ? TextSearch.CommonWordCap : TextSearch.CountCap;
        parameters.Add("Cap", cap + 1);
        var hits = (await connection.QueryAsync<Hit>(new CommandDefinition(
            common ? Walking(words) : ByIndex(words), parameters, transaction, cancellationToken: cancellationToken))).AsList();
        var counted = hits.Take(cap).OrderByDescending(h => h.SubmittedAt).ThenBy(h => h.Id).ToList();
        var requests = await connection.QueryAsync<RequestRow>(new CommandDefinition(
            Requests, new { Ids = counted.Take(query.Limit).Select(h => h.Id).ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        // Grouped in the order of their newest request (GroupBy keeps the order in which each SIRET first comes).
        var companies = counted.Where(h => h.Siret is not null)
            .GroupBy(h => h.Siret!)
            .Take(query.Limit)
            .Select(g => new FoundCompany(g.Key, g.First().CompanyName, g.Count()))
            .ToList();
        return new FoundRequests(counted.Count, hits.Count > cap,
            [.. requests.Select(r => new FoundRequest(r.Id, r.FullName, r.CompanyName, r.Siret, r.SubjectSlug, TriageTabs.StatusLabel(r.Status), r.SubmittedAt))],
            companies);
    }

    private sealed record Hit(Guid Id, DateTime SubmittedAt, string? Siret, string? CompanyName);

    private sealed record RequestRow(Guid Id, string FullName, string? CompanyName, string? Siret, string SubjectSlug, string Status, DateTime SubmittedAt);
}
