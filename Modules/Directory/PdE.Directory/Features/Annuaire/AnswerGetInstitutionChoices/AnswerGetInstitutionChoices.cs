using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Annuaire.AnswerGetInstitutionChoices;

/// <summary>Answers the institutions that are not deleted, by name in French order.</summary>
internal sealed class AnswerGetInstitutionChoicesHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<GetInstitutionChoices, IReadOnlyList<InstitutionChoice>>
{
    private const string FindInstitutions = """
        select id as Id, slug as Slug, name as Name
        from directory.institution
        where deleted_at is null
        order by name collate "fr-x-icu", slug
        """;

    public async ValueTask<IReadOnlyList<InstitutionChoice>> Handle(GetInstitutionChoices query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<InstitutionChoice>(new CommandDefinition(FindInstitutions, cancellationToken: cancellationToken))).AsList();
    }
}
