using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.Landings.ListLandings;

internal sealed record ListLandingsQuery : IQuery<IReadOnlyList<LandingLine>>;

/// <summary>A landing as the list shows it (properties, not a positional record: Dapper maps PostgreSQL arrays to properties only).</summary>
internal sealed class LandingLine
{
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Partner { get; init; }
    public string Embed { get; init; } = "";

    /// <summary>The partner sites allowed to embed it.</summary>
    public string[] Origins { get; init; } = [];
    public DateTime? ArchivedAt { get; init; }
}

internal sealed class ListLandingsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListLandingsQuery, IReadOnlyList<LandingLine>>
{
    private const string Landings = """
        select slug as Slug, title as Title, partner as Partner, embed as Embed, allowed_origins as Origins, archived_at as ArchivedAt
        from solicitations.landing
        order by archived_at is not null, title collate "fr-x-icu", slug
        """;

    public async ValueTask<IReadOnlyList<LandingLine>> Handle(ListLandingsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<LandingLine>(new CommandDefinition(Landings, cancellationToken: cancellationToken))).AsList();
    }
}
