using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Shared.Db;

namespace PdE.Directory.Features.Routing.AnswerSearchExperts;

/// <summary>
/// Answers <see cref="SearchExperts"/>: each word must be found in the expert's own words (name, e-mail, antenne,
/// institution) or be a commune they cover (by name, INSEE code or postcode), so « cci rouen » finds the CCI's experts
/// covering Rouen. Deleted experts, antennes and institutions are never found; nor by <see cref="GetExpert"/>.
/// </summary>
internal sealed class AnswerSearchExpertsHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<SearchExperts, IReadOnlyList<FoundExpert>>, IQueryHandler<GetExpert, FoundExpert?>
{
    private const string Columns = """
        x.id as ExpertId, x.full_name as FullName, x.email as Email,
        exists (select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id and u.deleted_at is null
                where ue.expert_id = x.id) as HasAccount,
        x.antenne_id as AntenneId, x.antenne_name as AntenneName, x.institution_id as InstitutionId, x.institution_name as InstitutionName
        """;

    private const string Experts = """
        select e.id, e.full_name, e.email, e.has_own_communes, e.is_global_zone, a.id as antenne_id, a.name as antenne_name,
               i.id as institution_id, i.name as institution_name,
               e.folded_name || ' ' || a.folded_name || ' ' || i.folded_name as folded
        from directory.expert e
        join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
        join directory.institution i on i.id = a.institution_id and i.deleted_at is null
        where e.deleted_at is null
        """;

    private const string One = $"select {Columns} from ({Experts} and e.id = @ExpertId) x";

    private static readonly string Query = $"""
        with words as materialized (select w.word, {Fold("w.word")} collate "default" as folded from unnest(@Words::text[]) as w(word)),
        -- The communes each word names, by name (whole words, accents ignored: migration 0015's index), INSEE code or postcode;
        -- materialized, so that it is found once, not once per expert.
        named as materialized (
            select w.word, c.code from words w join directory.commune c on c.folded_name = w.folded
            union
            select w.word, c.code from words w join directory.commune c on c.code = w.word or w.word = any(c.postal_codes)
        ),
        -- Materialized: left inside the anti-join, the experts were joined to their antennes by a nested loop, 10,000 × 1,000
        -- comparisons (0.7 s at the volume benchmark's 10,000 experts), not by a hash.
        experts as materialized ({Experts})
        select {Columns}
        from experts x
        where not exists (
            select 1 from words w
            -- The names folded once, when written (migration 0015), not at each search.
            where x.folded not like '%' || w.folded || '%'
              and not exists (
                  select 1 from named n
                  where n.word = w.word
                    and (x.is_global_zone
                         or exists (select 1 from directory.expert_commune ec where ec.expert_id = x.id and ec.commune_code = n.code)
                         or (not x.has_own_communes
                             and exists (select 1 from directory.antenne_commune ac where ac.antenne_id = x.antenne_id and ac.commune_code = n.code)))))
        order by x.institution_name collate "fr-x-icu", x.antenne_name collate "fr-x-icu", x.full_name collate "fr-x-icu", x.id
        limit @Limit
        """;

    public async ValueTask<IReadOnlyList<FoundExpert>> Handle(SearchExperts query, CancellationToken cancellationToken)
    {
        var words = (query.Text ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FoundExpert>(new CommandDefinition(
            Query, new { Words = words, Limit = Math.Clamp(query.Limit, 1, 100) }, cancellationToken: cancellationToken))).AsList();
    }

    public async ValueTask<FoundExpert?> Handle(GetExpert query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FoundExpert>(new CommandDefinition(One, query, cancellationToken: cancellationToken));
    }

    private static string Fold(string sql) => TextSearch.Fold(sql);
}
