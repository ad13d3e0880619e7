using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Shared.Db;

namespace PdE.Directory.Features.Annuaire.AnswerSearchAntennes;

/// <summary>A thousand antennes at most: their names folded when written (migration 0015), read whole, no index needed.</summary>
internal sealed class AnswerSearchAntennesHandler(NpgsqlDataSource dataSource) : IQueryHandler<SearchAntennes, IReadOnlyList<FoundAntenne>>
{
    private static readonly string Query = $"""
        select a.id as AntenneId, a.name as Name, i.name as InstitutionName,
               (select count(*)::int from directory.expert e where e.antenne_id = a.id and e.deleted_at is null) as Experts
        from directory.antenne a
        join directory.institution i on i.id = a.institution_id and i.deleted_at is null
        where a.deleted_at is null
          and not exists (select 1 from unnest(@Words::text[]) as w(word)
                          where a.folded_name || ' ' || i.folded_name not like ('%' || {TextSearch.Fold("w.word")} || '%') collate "default")
        order by i.name collate "fr-x-icu", a.name collate "fr-x-icu", a.id
        limit @Limit
        """;

    public async ValueTask<IReadOnlyList<FoundAntenne>> Handle(SearchAntennes query, CancellationToken cancellationToken)
    {
        var words = TextSearch.WordsOf(query.Text);
        if (words.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FoundAntenne>(new CommandDefinition(
            Query, new { Words = words.ToArray(), Limit = Math.Clamp(query.Limit, 1, 100) }, cancellationToken: cancellationToken))).AsList();
    }
}
