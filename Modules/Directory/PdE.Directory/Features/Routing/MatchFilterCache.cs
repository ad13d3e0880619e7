using Dapper;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Routing;

/// <summary>
/// The match filters, kept in memory by each host: routing reads them for every need, admins change them a few times a
/// year. The routing query returns the stamp of <c>directory.match_filter_version</c> (bumped by triggers on every
/// change, migration 0009); a stamp other than the one loaded reloads them, so a change on any host applies at the next
/// need everywhere.
/// </summary>
internal sealed class MatchFilterCache
{
    private const string AllFilters = """
        select f.id as Id, f.institution_id as InstitutionId, f.antenne_id as AntenneId,
               array(select s.slug from directory.match_filter_subject fs join directory.subject s on s.id = fs.subject_id
                     where fs.match_filter_id = f.id) as SubjectSlugs,
               f.min_years_of_existence as MinYearsOfExistence, f.max_years_of_existence as MaxYearsOfExistence,
               f.effectif_min as EffectifMin, f.effectif_max as EffectifMax,
               f.accepted_naf_codes as AcceptedNafCodes, f.excluded_naf_codes as ExcludedNafCodes,
               f.accepted_legal_forms as AcceptedLegalForms, f.excluded_legal_forms as ExcludedLegalForms
        from directory.match_filter f
        order by f.created_at, f.id
        """;

    private volatile MatchFilters? current;

    public async Task<MatchFilters> GetAsync(NpgsqlConnection connection, Guid? version, CancellationToken cancellationToken)
    {
        var loaded = current;
        if (loaded is not null && loaded.Version == version)
        {
            return loaded;
        }

        var (stamp, filters) = await StampedSnapshot.ReadAsync(connection, "select version from directory.match_filter_version",
            async transaction => (await connection.QueryAsync<FilterRow>(
                new CommandDefinition(AllFilters, transaction: transaction, cancellationToken: cancellationToken))).Select(r => r.ToContract()).ToList(),
            cancellationToken);

        loaded = new MatchFilters(
            stamp,
            filters.Where(f => f.AntenneId is not null).ToLookup(f => f.AntenneId!.Value),
            filters.Where(f => f.InstitutionId is not null).ToLookup(f => f.InstitutionId!.Value));
        current = loaded;
        return loaded;
    }

    private sealed class FilterRow
    {
        public Guid Id { get; init; }
        public Guid? InstitutionId { get; init; }
        public Guid? AntenneId { get; init; }
        public string[] SubjectSlugs { get; init; } = [];
        public int? MinYearsOfExistence { get; init; }
        public int? MaxYearsOfExistence { get; init; }
        public int? EffectifMin { get; init; }
        public int? EffectifMax { get; init; }
        public string[] AcceptedNafCodes { get; init; } = [];
        public string[] ExcludedNafCodes { get; init; } = [];
        public string[] AcceptedLegalForms { get; init; } = [];
        public string[] ExcludedLegalForms { get; init; } = [];

        // Read-only wrappers: every answer hands out these same instances.
        public MatchFilter ToContract() => new(
            Id, AntenneId, InstitutionId, Array.AsReadOnly(SubjectSlugs), MinYearsOfExistence, MaxYearsOfExistence, EffectifMin, EffectifMax,
            Array.AsReadOnly(AcceptedNafCodes), Array.AsReadOnly(ExcludedNafCodes), Array.AsReadOnly(AcceptedLegalForms), Array.AsReadOnly(ExcludedLegalForms));
    }
}

/// <summary>
/// The loaded filters, by owner. They are the contract's records (<see cref="MatchFilter"/>): the rules that read them live
/// there, shared with Matching's routing engine, and FindRoutingCandidates hands them out as they are.
/// </summary>
internal sealed record MatchFilters(Guid? Version, ILookup<Guid, MatchFilter> ByAntenne, ILookup<Guid, MatchFilter> ByInstitution)
{
    /// <summary>The filters of an expert's antenne and institution, empty when neither has any.</summary>
    public IReadOnlyList<MatchFilter> Of(Guid antenneId, Guid institutionId) =>
        ByAntenne.Contains(antenneId) || ByInstitution.Contains(institutionId) ? [.. ByAntenne[antenneId], .. ByInstitution[institutionId]] : [];
}
