using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Territories.EditTerritory;

/// <summary>Creates a custom territory (no <paramref name="Id"/>) or replaces its name, region and communes. Returns its id, or null when unknown.</summary>
internal sealed record SaveTerritoryCommand(Guid? Id, string Name, string? RegionCode, string CommuneCodes) : ICommand<Guid?>;

internal sealed record TerritoryForm(string Name, string? RegionCode, string CommuneCodes);

internal sealed record FindTerritoryFormQuery(Guid Id) : IQuery<TerritoryForm?>;

internal sealed record RegionOption(string Code, string Name);

internal sealed record ListRegionsQuery : IQuery<IReadOnlyList<RegionOption>>;

/// <summary>Pasted INSEE codes: separated by spaces, commas, semicolons or lines; spreadsheets drop the leading zero of 01004.</summary>
internal static class InseeCodes
{
    public static IReadOnlyList<string> Parse(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.ToUpperInvariant())
            .Select(c => c.Length == 4 && c.All(char.IsAsciiDigit) ? "0" + c : c)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}

internal sealed class SaveTerritoryValidator : AbstractValidator<SaveTerritoryCommand>
{
    public SaveTerritoryValidator(NpgsqlDataSource dataSource)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("Indiquez le nom du territoire, par exemple « Bassin d’emploi de Roubaix-Tourcoing ».")
            .MaximumLength(200).WithMessage("Le nom du territoire ne doit pas dépasser 200 caractères.");
        RuleFor(c => c.RegionCode)
            .MustAsync(async (code, token) =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select exists (select 1 from directory.region where code = @code)", new { code }, cancellationToken: token));
            })
            .When(c => !string.IsNullOrEmpty(c.RegionCode))
            .WithMessage("Choisissez une région de la liste.");
        RuleFor(c => c.CommuneCodes)
            .Must(text => InseeCodes.Parse(text).Count > 0).WithMessage("Indiquez au moins un code commune INSEE.")
            .CustomAsync(async (text, context, token) =>
            {
                var codes = InseeCodes.Parse(text).ToArray();
                await using var connection = await dataSource.OpenConnectionAsync(token);
                var known = (await connection.QueryAsync<string>(new CommandDefinition(
                    "select code from directory.commune where code = any(@codes)", new { codes }, cancellationToken: token))).ToHashSet();
                var unknown = codes.Where(c => !known.Contains(c)).ToList();
                if (unknown.Count > 0)
                {
                    var list = string.Join(", ", unknown.Take(20).Select(c => $"« {c} »")) + (unknown.Count > 20 ? $" et {unknown.Count - 20} autres" : "");
                    context.AddFailure(unknown.Count == 1
                        ? $"Le code {list} n’existe pas dans le code officiel géographique."
                        : $"Ces {unknown.Count} codes n’existent pas dans le code officiel géographique : {list}.");
                }
            });
    }
}

internal sealed class SaveTerritoryHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveTerritoryCommand, Guid?>
{
    private const string Save = """
        insert into directory.territory (id, name, kind, region_code) values (@Id, @Name, 'custom', @RegionCode)
        on conflict (id) do update set name = excluded.name, region_code = excluded.region_code;
        delete from directory.territory_commune where territory_id = @Id;
        insert into directory.territory_commune (territory_id, commune_code) select @Id, unnest(@Codes);
        """;

    public async ValueTask<Guid?> Handle(SaveTerritoryCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (command.Id is { } existing && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from directory.territory where id = @existing and kind = 'custom')", new { existing }, transaction,
                cancellationToken: cancellationToken)))
        {
            return null;
        }

        var id = command.Id ?? Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(Save, new
        {
            Id = id,
            Name = command.Name.Trim(),
            RegionCode = string.IsNullOrEmpty(command.RegionCode) ? null : command.RegionCode,
            Codes = InseeCodes.Parse(command.CommuneCodes).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }
}

internal sealed class FindTerritoryFormHandler(NpgsqlDataSource dataSource) : IQueryHandler<FindTerritoryFormQuery, TerritoryForm?>
{
    public async ValueTask<TerritoryForm?> Handle(FindTerritoryFormQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TerritoryForm>(new CommandDefinition("""
            select t.name as Name, t.region_code as RegionCode,
                   coalesce((select string_agg(tc.commune_code, ' ' order by tc.commune_code) from directory.territory_commune tc where tc.territory_id = t.id), '') as CommuneCodes
            from directory.territory t where t.id = @Id and t.kind = 'custom'
            """, new { query.Id }, cancellationToken: cancellationToken));
    }
}

internal sealed class ListRegionsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListRegionsQuery, IReadOnlyList<RegionOption>>
{
    public async ValueTask<IReadOnlyList<RegionOption>> Handle(ListRegionsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<RegionOption>(new CommandDefinition(
            "select code as Code, name as Name from directory.region order by name collate \"fr-x-icu\"", cancellationToken: cancellationToken))).AsList();
    }
}
