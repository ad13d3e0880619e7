using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Routing.AnswerFindSupportExperts;

/// <summary>Answers the experts of the catalogue's support subject covering a commune, as <see cref="CoveringExperts"/> lists them.</summary>
internal sealed class AnswerFindSupportExpertsHandler(NpgsqlDataSource dataSource, MatchFilterCache filterCache)
    : IQueryHandler<FindSupportExperts, IReadOnlyList<RoutingCandidate>>
{
    private static readonly string Query = CoveringExperts.Sql("s.is_support and s.archived_at is null");

    public async ValueTask<IReadOnlyList<RoutingCandidate>> Handle(FindSupportExperts query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CoveringExperts.Row>(
            new CommandDefinition(Query, new { query.CommuneCode }, cancellationToken: cancellationToken))).AsList();
        return await CoveringExperts.ToCandidatesAsync(rows, connection, filterCache, cancellationToken);
    }
}
