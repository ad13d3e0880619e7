using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;
using PdE.Shared.Text;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

/// <summary>Whose filters: an institution (by slug) or an antenne (by id).</summary>
internal sealed record MatchFilterOwnerKey(string? InstitutionSlug, Guid? AntenneId)
{
    public string EntityType => AntenneId is null ? "institution" : "antenne";
}

internal sealed record MatchFilterOwner(Guid Id, string Name, Guid InstitutionId, string InstitutionSlug, string InstitutionName);

internal sealed record SubjectOption(Guid Id, string Label);

/// <summary>The criteria of a filter, parsed; blank ones are null or empty.</summary>
internal sealed record MatchFilterValues(
    IReadOnlyList<Guid> SubjectIds, int? MinYears, int? MaxYears, int? EffectifMin, int? EffectifMax,
    string[] AcceptedNafCodes, string[] ExcludedNafCodes, string[] AcceptedLegalForms, string[] ExcludedLegalForms)
{
    /// <summary>"Sujets : Tous · Effectif minimum : 10 · …": what the list and the audit log show, filled criteria only.</summary>
    public Dictionary<string, string> Describe(IReadOnlyList<SubjectOption> subjects)
    {
        var labels = SubjectIds.Select(id => subjects.FirstOrDefault(s => s.Id == id)?.Label ?? "?").Order(StringComparer.Create(French.Culture, true));
        var description = new Dictionary<string, string> { ["Sujets"] = SubjectIds.Count == 0 ? "tous" : string.Join(", ", labels) };
        void Add(string name, object? value, string? text = null)
        {
            if (value is not null && value is not string[] { Length: 0 })
            {
                description[name] = text ?? (value is string[] codes ? string.Join(" ", codes) : Convert.ToString(value, French.Culture)!);
            }
        }

        Add("Existe depuis au moins", MinYears, French.Count(MinYears ?? 0, "an", "ans"));
        Add("Existe depuis moins de", MaxYears, French.Count(MaxYears ?? 0, "an", "ans"));
        Add("Effectif minimum", EffectifMin, $"{EffectifMin?.ToString("N0", French.Culture)} salariés");
        Add("Effectif maximum", EffectifMax, $"{(EffectifMax - 1)?.ToString("N0", French.Culture)} salariés");
        Add("Codes NAF acceptés", AcceptedNafCodes);
        Add("Codes NAF exclus", ExcludedNafCodes);
        Add("Formes juridiques acceptées", AcceptedLegalForms);
        Add("Formes juridiques exclues", ExcludedLegalForms);
        return description;
    }
}

/// <summary>A stored filter as the page lists it.</summary>
internal sealed class SavedMatchFilter
{
    public Guid Id { get; init; }
    public Guid[] SubjectIds { get; init; } = [];
    public int? MinYears { get; init; }
    public int? MaxYears { get; init; }
    public int? EffectifMin { get; init; }
    public int? EffectifMax { get; init; }
    public string[] AcceptedNafCodes { get; init; } = [];
    public string[] ExcludedNafCodes { get; init; } = [];
    public string[] AcceptedLegalForms { get; init; } = [];
    public string[] ExcludedLegalForms { get; init; } = [];

    public MatchFilterValues Values => new(SubjectIds, MinYears, MaxYears, EffectifMin, EffectifMax, AcceptedNafCodes, ExcludedNafCodes, AcceptedLegalForms, ExcludedLegalForms);
}

internal sealed record MatchFiltersView(MatchFilterOwner Owner, IReadOnlyList<SavedMatchFilter> Filters, IReadOnlyList<SubjectOption> Subjects);

internal sealed record ShowMatchFiltersQuery(MatchFilterOwnerKey Key) : IQuery<MatchFiltersView?>;

/// <summary>Adds a filter (no <paramref name="FilterId"/>) or replaces one. False when the owner or the filter does not exist.</summary>
internal sealed record SaveMatchFilterCommand(MatchFilterOwnerKey Key, Guid? FilterId, MatchFilterValues Values, Actor By) : ICommand<bool>;

internal sealed record DeleteMatchFilterCommand(MatchFilterOwnerKey Key, Guid FilterId, Actor By) : ICommand<bool>;

internal sealed class ShowMatchFiltersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowMatchFiltersQuery, MatchFiltersView?>
{
    public async ValueTask<MatchFiltersView?> Handle(ShowMatchFiltersQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var owner = await MatchFilterStore.OwnerAsync(connection, null, query.Key, cancellationToken);
        return owner is null ? null : new MatchFiltersView(owner,
            await MatchFilterStore.FiltersAsync(connection, null, owner, cancellationToken), await MatchFilterStore.SubjectsAsync(connection, null, owner, cancellationToken));
    }
}

internal sealed class SaveMatchFilterHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveMatchFilterCommand, bool>
{
    private const string Upsert = """
        insert into directory.match_filter (id, institution_id, antenne_id, min_years_of_existence, max_years_of_existence, effectif_min, effectif_max,
            accepted_naf_codes, excluded_naf_codes, accepted_legal_forms, excluded_legal_forms)
        values (@Id, @InstitutionId, @AntenneId, @MinYears, @MaxYears, @EffectifMin, @EffectifMax,
            @AcceptedNafCodes, @ExcludedNafCodes, @AcceptedLegalForms, @ExcludedLegalForms)
        on conflict (id) do update set
            min_years_of_existence = excluded.min_years_of_existence, max_years_of_existence = excluded.max_years_of_existence,
            effectif_min = excluded.effectif_min, effectif_max = excluded.effectif_max,
            accepted_naf_codes = excluded.accepted_naf_codes, excluded_naf_codes = excluded.excluded_naf_codes,
            accepted_legal_forms = excluded.accepted_legal_forms, excluded_legal_forms = excluded.excluded_legal_forms;
        delete from directory.match_filter_subject where match_filter_id = @Id;
        -- Only subjects the institution handles: a filter on any other could never apply.
        insert into directory.match_filter_subject (match_filter_id, subject_id)
        select distinct @Id, isub.subject_id from directory.institution_subject isub
        where isub.institution_id = @OwnerInstitutionId and isub.subject_id = any(@SubjectIds);
        """;

    public async ValueTask<bool> Handle(SaveMatchFilterCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await MatchFilterStore.OwnerAsync(connection, transaction, command.Key, cancellationToken);
        if (owner is null)
        {
            return false;
        }

        var subjects = await MatchFilterStore.SubjectsAsync(connection, transaction, owner, cancellationToken);
        var before = command.FilterId is { } id
            ? (await MatchFilterStore.FiltersAsync(connection, transaction, owner, cancellationToken)).FirstOrDefault(f => f.Id == id)
            : null;
        if (command.FilterId is not null && before is null)
        {
            return false;
        }

        var values = command.Values with { SubjectIds = [.. command.Values.SubjectIds.Where(s => subjects.Any(o => o.Id == s))] };
        var filterId = command.FilterId ?? Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            Id = filterId,
            InstitutionId = command.Key.AntenneId is null ? owner.Id : (Guid?)null,
            command.Key.AntenneId,
            values.MinYears, values.MaxYears, values.EffectifMin, values.EffectifMax,
            values.AcceptedNafCodes, values.ExcludedNafCodes, values.AcceptedLegalForms, values.ExcludedLegalForms,
            OwnerInstitutionId = owner.InstitutionId,
            SubjectIds = values.SubjectIds.ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordAsync(transaction, command.By, command.Key.EntityType, owner.Id,
            before is null ? "Ajout d’un filtre de mise en relation" : "Modification d’un filtre de mise en relation",
            before?.Values.Describe(subjects), values.Describe(subjects), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

internal sealed class DeleteMatchFilterHandler(NpgsqlDataSource dataSource) : ICommandHandler<DeleteMatchFilterCommand, bool>
{
    public async ValueTask<bool> Handle(DeleteMatchFilterCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await MatchFilterStore.OwnerAsync(connection, transaction, command.Key, cancellationToken);
        var before = owner is null ? null
            : (await MatchFilterStore.FiltersAsync(connection, transaction, owner, cancellationToken)).FirstOrDefault(f => f.Id == command.FilterId);
        if (owner is null || before is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.match_filter where id = @FilterId", new { command.FilterId }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordAsync(transaction, command.By, command.Key.EntityType, owner.Id, "Suppression d’un filtre de mise en relation",
            before.Values.Describe(await MatchFilterStore.SubjectsAsync(connection, transaction, owner, cancellationToken)), null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

/// <summary>The reads the page and both commands share.</summary>
internal static class MatchFilterStore
{
    private const string InstitutionOwner = """
        select i.id as Id, i.name as Name, i.id as InstitutionId, i.slug as InstitutionSlug, i.name as InstitutionName
        from directory.institution i where i.slug = @InstitutionSlug and i.deleted_at is null
        """;

    private const string AntenneOwner = """
        select a.id as Id, a.name as Name, i.id as InstitutionId, i.slug as InstitutionSlug, i.name as InstitutionName
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where a.id = @AntenneId and a.deleted_at is null and i.deleted_at is null
        """;

    private const string Filters = """
        select f.id as Id,
               array(select fs.subject_id from directory.match_filter_subject fs where fs.match_filter_id = f.id) as SubjectIds,
               f.min_years_of_existence as MinYears, f.max_years_of_existence as MaxYears, f.effectif_min as EffectifMin, f.effectif_max as EffectifMax,
               f.accepted_naf_codes as AcceptedNafCodes, f.excluded_naf_codes as ExcludedNafCodes,
               f.accepted_legal_forms as AcceptedLegalForms, f.excluded_legal_forms as ExcludedLegalForms
        from directory.match_filter f
        where f.institution_id = @Id or f.antenne_id = @Id
        order by f.created_at, f.id
        """;

    private const string Subjects = """
        select distinct s.id as Id, s.label as Label
        from directory.institution_subject isub join directory.subject s on s.id = isub.subject_id
        where isub.institution_id = @InstitutionId and s.archived_at is null
        """;

    public static Task<MatchFilterOwner?> OwnerAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, MatchFilterOwnerKey key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<MatchFilterOwner?>(new CommandDefinition(
            key.AntenneId is null ? InstitutionOwner : AntenneOwner, key, transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<SavedMatchFilter>> FiltersAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, MatchFilterOwner owner, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SavedMatchFilter>(new CommandDefinition(Filters, new { owner.Id }, transaction, cancellationToken: cancellationToken))).AsList();

    public static async Task<IReadOnlyList<SubjectOption>> SubjectsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, MatchFilterOwner owner, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<SubjectOption>(new CommandDefinition(Subjects, new { owner.InstitutionId }, transaction, cancellationToken: cancellationToken)))
            .OrderBy(s => s.Label, StringComparer.Create(French.Culture, true)).ToList();
}
