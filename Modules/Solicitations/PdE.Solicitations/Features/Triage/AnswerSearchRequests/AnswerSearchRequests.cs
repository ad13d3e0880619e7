using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Db;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Triage.TriageSolicitations;

namespace PdE.Solicitations.Features.Triage.AnswerSearchRequests;

/// <summary>
/// The search box's requests: the words are looked up in the trigram index of <c>search_text</c> (migration 0011), the
/// first <see cref="TextSearch.CountCap"/> hits are counted and their companies grouped. When there are fewer, the newest of
/// them are shown; when there are more (a common word), the newest are found by walking the sent requests from the newest
/// and testing the words row by row, which finds them within the first rows.
/// </summary>
internal sealed class AnswerSearchRequestsHandler(NpgsqlDataSource dataSource) : IQueryHandler<SearchRequests, FoundRequests>
{
    private static string Hits(IReadOnlyList<string> words) => $"""
        select s.id as Id, s.submitted_at as SubmittedAt, nullif(trim(s.siret), '') as Siret, s.company_name as CompanyName
        from solicitations.solicitation s
        where s.status <> 'draft' and {TextSearch.FoldedContainsEvery("s.search_text", "Word", words)}
        limit @Cap
        """;

    private static string NewestWalking(IReadOnlyList<string> words) => $"""
        select t.id from (
            select s.id, s.submitted_at, s.search_text from solicitations.solicitation s
            where s.status <> 'draft' order by s.submitted_at desc, s.id offset 0
        ) t
        where {TextSearch.FoldedContainsEvery("t.search_text", "Word", words)}
        limit @Limit
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

        var parameters = new DynamicParameters(new { Cap = TextSearch.CountCap + 1, query.Limit });
        TextSearch.AddWords(parameters, "Word", words);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Planned for these words (how common a word is decides the plan), without parallel workers for a few thousand entries.
        await connection.ExecuteAsync(new CommandDefinition(
            "set local max_parallel_workers_per_gather = 0; set local plan_cache_mode = force_custom_plan",
            transaction: transaction, cancellationToken: cancellationToken));
        var hits = (await connection.QueryAsync<Hit>(new CommandDefinition(Hits(words), parameters, transaction, cancellationToken: cancellationToken))).AsList();
        var capped = hits.Count > TextSearch.CountCap;
        var newest = capped
            ? (await connection.QueryAsync<Guid>(new CommandDefinition(NewestWalking(words), parameters, transaction, cancellationToken: cancellationToken))).AsList()
            : hits.OrderByDescending(h => h.SubmittedAt).ThenBy(h => h.Id).Take(query.Limit).Select(h => h.Id).ToList();
        var requests = await connection.QueryAsync<RequestRow>(new CommandDefinition(
            Requests, new { Ids = newest.ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        var companies = hits.Take(TextSearch.CountCap).Where(h => h.Siret is not null)
            .GroupBy(h => h.Siret!)
            .Select(g => (Latest: g.MaxBy(h => h.SubmittedAt)!, Count: g.Count()))
            .OrderByDescending(c => c.Latest.SubmittedAt).ThenBy(c => c.Latest.Siret, StringComparer.Ordinal)
            .Take(query.Limit)
            .Select(c => new FoundCompany(c.Latest.Siret!, c.Latest.CompanyName, c.Count))
            .ToList();
        return new FoundRequests(Math.Min(hits.Count, TextSearch.CountCap), capped,
            [.. requests.Select(r => new FoundRequest(r.Id, r.FullName, r.CompanyName, r.Siret, r.SubjectSlug, TriageTabs.StatusLabel(r.Status), r.SubmittedAt))],
            companies);
    }

    private sealed record Hit(Guid Id, DateTime SubmittedAt, string? Siret, string? CompanyName);

    private sealed record RequestRow(Guid Id, string FullName, string? CompanyName, string? Siret, string SubjectSlug, string Status, DateTime SubmittedAt);
}
