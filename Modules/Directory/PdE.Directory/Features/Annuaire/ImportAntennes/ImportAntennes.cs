using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ImportAntennes;

internal enum AntenneChange { Created, Updated, Unchanged }

internal sealed record PlannedAntenne(int Line, string Name, string TerritorialLevel, int Communes, AntenneChange Change);

/// <summary>What the file would do (or did), line by line, and everything that prevents it.</summary>
internal sealed record AntennesImportPreview(
    string InstitutionName,
    IReadOnlyList<PlannedAntenne> Antennes,
    IReadOnlyList<ImportIssue> Errors,
    IReadOnlyList<ImportIssue> Warnings)
{
    public bool CanApply => Errors.Count == 0 && Antennes.Count > 0;
    public int Count(AntenneChange change) => Antennes.Count(a => a.Change == change);
}

/// <summary>Dry run: nothing is written. Null for an unknown institution.</summary>
internal sealed record PreviewAntennesImportQuery(string Slug, byte[] Content) : IQuery<AntennesImportPreview?>;

/// <summary>Checks the file again against the directory as it is now, then applies all of it or none of it.</summary>
internal sealed record ApplyAntennesImportCommand(string Slug, byte[] Content, Actor? By = null) : ICommand<AntennesImportPreview?>;

internal sealed class PreviewAntennesImportHandler(NpgsqlDataSource dataSource) : IQueryHandler<PreviewAntennesImportQuery, AntennesImportPreview?>
{
    public async ValueTask<AntennesImportPreview?> Handle(PreviewAntennesImportQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var plan = await AntennesImportPlanner.PlanAsync(connection, null, query.Slug, query.Content, cancellationToken);
        return plan?.Preview;
    }
}

internal sealed class ApplyAntennesImportHandler(NpgsqlDataSource dataSource) : ICommandHandler<ApplyAntennesImportCommand, AntennesImportPreview?>
{
    private const string InsertAntennes = """
        insert into directory.antenne (id, institution_id, name, territorial_level)
        select id, @InstitutionId, name, level from unnest(@Ids, @Names, @Levels) as v(id, name, level)
        """;

    private const string UpdateAntennes = """
        update directory.antenne a set name = v.name, territorial_level = v.level
        from unnest(@Ids, @Names, @Levels) as v(id, name, level)
        where a.id = v.id
        """;

    private const string ReplaceCommunes = """
        delete from directory.antenne_commune where antenne_id = any(@Ids);
        insert into directory.antenne_commune (antenne_id, commune_code) select * from unnest(@AntenneIds, @Codes);
        """;

    public async ValueTask<AntennesImportPreview?> Handle(ApplyAntennesImportCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var plan = await AntennesImportPlanner.PlanAsync(connection, transaction, command.Slug, command.Content, cancellationToken);
        if (plan is null || !plan.Preview.CanApply)
        {
            return plan?.Preview;
        }

        var created = plan.Steps.Where(s => s.Planned.Change == AntenneChange.Created).ToList();
        var updated = plan.Steps.Where(s => s.Planned.Change == AntenneChange.Updated).ToList();
        await connection.ExecuteAsync(new CommandDefinition(InsertAntennes, new
        {
            plan.InstitutionId,
            Ids = created.Select(s => s.AntenneId).ToArray(),
            Names = created.Select(s => s.Line.Name).ToArray(),
            Levels = created.Select(s => s.Line.TerritorialLevel).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(UpdateAntennes, new
        {
            Ids = updated.Select(s => s.AntenneId).ToArray(),
            Names = updated.Select(s => s.Line.Name).ToArray(),
            Levels = updated.Select(s => s.Line.TerritorialLevel).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        var changed = created.Concat(updated).ToList();
        var pairs = changed.SelectMany(s => s.Line.CommuneCodes.Select(code => (s.AntenneId, code))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(ReplaceCommunes, new
        {
            Ids = changed.Select(s => s.AntenneId).ToArray(),
            AntenneIds = pairs.Select(p => p.AntenneId).ToArray(),
            Codes = pairs.Select(p => p.code).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        foreach (var step in changed)
        {
            await AuditLog.RecordAsync(transaction, command.By ?? Actor.System, "antenne", step.AntenneId,
                step.Before is null ? "Création par import CSV" : "Modification par import CSV",
                step.Before is null ? null : new { Nom = step.Before.Name, Échelon = TerritorialLevels.Label(step.Before.TerritorialLevel), Communes = CountCodes(step.Before.Communes) },
                new { Nom = step.Line.Name, Échelon = TerritorialLevels.Label(step.Line.TerritorialLevel), Communes = step.Line.CommuneCodes.Count }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return plan.Preview;
    }

    private static int CountCodes(string codes) => codes.Length == 0 ? 0 : codes.Split(' ').Length;
}

/// <summary>
/// Compares the file with the institution's antennes: shared by the dry run and the apply, so that what is applied is
/// exactly what the preview announced, checked again against the directory of the moment.
/// </summary>
internal static class AntennesImportPlanner
{
    internal sealed record Step(AntenneLine Line, Guid AntenneId, PlannedAntenne Planned, ExistingAntenne? Before);

    internal sealed record Plan(Guid InstitutionId, AntennesImportPreview Preview, IReadOnlyList<Step> Steps);

    /// <param name="Communes">Codes in ordinal order, separated by spaces: compared with the file's as one string.</param>
    internal sealed record ExistingAntenne(Guid Id, string Name, string TerritorialLevel, string Communes);

    private const string Existing = """
        select a.id as Id, a.name as Name, a.territorial_level as TerritorialLevel,
               coalesce((select string_agg(ac.commune_code, ' ' order by ac.commune_code collate "C")
                         from directory.antenne_commune ac where ac.antenne_id = a.id), '') as Communes
        from directory.antenne a
        where a.institution_id = @Id and a.deleted_at is null
        order by a.created_at, a.id
        """;

    public static async Task<Plan?> PlanAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string slug, byte[] content, CancellationToken cancellationToken)
    {
        var institution = await ImportedInstitution.FindAsync(connection, transaction, slug, cancellationToken);
        if (institution is null)
        {
            return null;
        }

        var file = AntennesFile.Parse(content, institution.Name, slug);
        var errors = file.Errors.ToList();

        var codes = file.Lines.SelectMany(l => l.CommuneCodes).Distinct().ToArray();
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
            "select code from directory.commune where code = any(@codes)", new { codes }, transaction, cancellationToken: cancellationToken))).ToHashSet();
        foreach (var line in file.Lines)
        {
            foreach (var code in line.CommuneCodes.Where(c => !known.Contains(c)))
            {
                errors.Add(new ImportIssue(line.Line, AntennesFile.CommunesColumn, $"Le code commune « {code} » n’existe pas dans le code officiel géographique."));
            }
        }

        var existing = (await connection.QueryAsync<ExistingAntenne>(new CommandDefinition(
            Existing, new { institution.Id }, transaction, cancellationToken: cancellationToken))).AsList();
        var byName = new Dictionary<string, ExistingAntenne>(StringComparer.OrdinalIgnoreCase);
        foreach (var antenne in existing)
        {
            byName.TryAdd(antenne.Name, antenne);
        }

        var steps = file.Lines.Select(line =>
        {
            var change = !byName.TryGetValue(line.Name, out var current) ? AntenneChange.Created
                : current.Name == line.Name && current.TerritorialLevel == line.TerritorialLevel && current.Communes == string.Join(' ', line.CommuneCodes)
                    ? AntenneChange.Unchanged
                    : AntenneChange.Updated;
            return new Step(line, current?.Id ?? Guid.CreateVersion7(), new PlannedAntenne(line.Line, line.Name, line.TerritorialLevel, line.CommuneCodes.Count, change), current);
        }).ToList();

        var preview = new AntennesImportPreview(
            institution.Name, steps.Select(s => s.Planned).ToList(), [.. errors.OrderBy(e => e.Line)], file.Warnings);
        return new Plan(institution.Id, preview, steps);
    }
}
