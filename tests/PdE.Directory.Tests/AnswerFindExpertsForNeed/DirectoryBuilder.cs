using Dapper;
using Npgsql;

namespace PdE.Directory.Tests.AnswerFindExpertsForNeed;

/// <summary>Inserts just the directory rows a coverage test needs, with readable names.</summary>
internal sealed class DirectoryBuilder(string connectionString)
{
    private readonly Dictionary<string, Guid> ids = [];

    public Guid Id(string name) => ids[name];

    public async Task<DirectoryBuilder> SubjectAsync(string slug, bool archived = false, bool support = false)
    {
        var themeId = await InsertAsync($"theme:{slug}", "insert into directory.theme (id, slug, label) values (@Id, @Slug, 'Thème')", new { Slug = "theme-" + slug });
        await InsertAsync(slug, """
            insert into directory.subject (id, theme_id, slug, label, archived_at, is_support)
            values (@Id, @ThemeId, @Slug, @Slug, case when @Archived then now() end, @Support)
            """, new { ThemeId = themeId, Slug = slug, Archived = archived, Support = support });
        return this;
    }

    /// <summary>A login account answering for the named experts (invitation not accepted: no password).</summary>
    public async Task<DirectoryBuilder> AccountAsync(string name, string antenne, string[] experts, bool deleted = false)
    {
        var id = await InsertAsync(name, """
            insert into directory.user_account (id, antenne_id, full_name, email, deleted_at)
            values (@Id, @AntenneId, @Name, @Email, case when @Deleted then now() end)
            """, new { AntenneId = Id(antenne), Name = name, Email = $"compte.{Guid.NewGuid():N}@example.fr", Deleted = deleted });
        await ExecuteAsync("insert into directory.user_expert (user_id, expert_id) select @id, unnest(@experts)", new { id, experts = experts.Select(Id).ToArray() });
        return this;
    }

    public async Task<DirectoryBuilder> InstitutionAsync(string name, bool deleted = false, string? slug = null)
    {
        await InsertAsync(name, "insert into directory.institution (id, slug, name, deleted_at) values (@Id, coalesce(@Slug, 'test-' || @Name), @Name, case when @Deleted then now() end)",
            new { Name = name, Deleted = deleted, Slug = slug });
        return this;
    }

    /// <summary>Offers a subject at an institution without giving it to any expert.</summary>
    public Task OfferAsync(string institution, string subject, string? variant = null) =>
        ExecuteAsync("""
            insert into directory.institution_subject (id, institution_id, subject_id, description) values (gen_random_uuid(), @institution, @subject, @variant)
            """, new { institution = Id(institution), subject = Id(subject), variant });

    public async Task<DirectoryBuilder> AntenneAsync(string name, string institution, string level = "local", string[]? communes = null, bool deleted = false)
    {
        var id = await InsertAsync(name, """
            insert into directory.antenne (id, institution_id, name, territorial_level, deleted_at)
            values (@Id, @InstitutionId, @Name, @Level, case when @Deleted then now() end)
            """, new { InstitutionId = Id(institution), Name = name, Level = level, Deleted = deleted });
        await ExecuteAsync("insert into directory.antenne_commune (antenne_id, commune_code) select @id, unnest(@communes)",
            new { id, communes = communes ?? [] });
        return this;
    }

    public async Task<DirectoryBuilder> ExpertAsync(
        string name, string antenne, string[] subjects, string[]? ownCommunes = null, bool globalZone = false, bool deleted = false, string? variant = null)
    {
        var id = await InsertAsync(name, """
            insert into directory.expert (id, antenne_id, full_name, email, is_global_zone, deleted_at)
            values (@Id, @AntenneId, @Name, @Email, @GlobalZone, case when @Deleted then now() end)
            """, new { AntenneId = Id(antenne), Name = name, Email = $"{name.ToLowerInvariant().Replace(' ', '.')}@example.fr", GlobalZone = globalZone, Deleted = deleted });
        await ExecuteAsync("insert into directory.expert_commune (expert_id, commune_code) select @id, unnest(@communes)", new { id, communes = ownCommunes ?? [] });

        foreach (var subject in subjects)
        {
            await AddSubjectAsync(name, subject, variant);
        }

        return this;
    }

    /// <summary>Gives an expert a subject through its institution (one institution subject per variant, shared by colleagues).</summary>
    public async Task AddSubjectAsync(string expert, string subject, string? variant = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var institutionId = await connection.ExecuteScalarAsync<Guid>(
            "select a.institution_id from directory.expert e join directory.antenne a on a.id = e.antenne_id where e.id = @expert", new { expert = Id(expert) });
        var institutionSubjectId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.institution_subject (id, institution_id, subject_id, description)
            values (gen_random_uuid(), @institutionId, @subjectId, @variant)
            on conflict (institution_id, subject_id, description) do update set description = excluded.description
            returning id
            """, new { institutionId, subjectId = Id(subject), variant });
        await connection.ExecuteAsync("insert into directory.expert_subject (expert_id, institution_subject_id) values (@expert, @institutionSubjectId)",
            new { expert = Id(expert), institutionSubjectId });
    }

    /// <summary>Moves an expert to another antenne with a plain update, as any write path may.</summary>
    public Task MoveAsync(string expert, string antenne) =>
        ExecuteAsync("update directory.expert set antenne_id = @antenne where id = @expert", new { expert = Id(expert), antenne = Id(antenne) });

    /// <summary>A match filter on the named institution or antenne; blank criteria are left null or empty.</summary>
    public async Task FilterAsync(
        string owner, string[]? subjects = null, int? minYears = null, int? maxYears = null, int? effectifMin = null, int? effectifMax = null,
        string[]? acceptedNaf = null, string[]? excludedNaf = null, string[]? acceptedLegalForms = null, string[]? excludedLegalForms = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var isAntenne = await connection.ExecuteScalarAsync<bool>("select exists (select 1 from directory.antenne where id = @id)", new { id = Id(owner) });
        await connection.ExecuteAsync("""
            with f as (
                insert into directory.match_filter (id, institution_id, antenne_id, min_years_of_existence, max_years_of_existence,
                    effectif_min, effectif_max, accepted_naf_codes, excluded_naf_codes, accepted_legal_forms, excluded_legal_forms)
                values (gen_random_uuid(), case when not @isAntenne then @owner end, case when @isAntenne then @owner end, @minYears, @maxYears,
                    @effectifMin, @effectifMax, @acceptedNaf, @excludedNaf, @acceptedLegalForms, @excludedLegalForms)
                returning id
            )
            insert into directory.match_filter_subject (match_filter_id, subject_id) select f.id, unnest(@subjectIds) from f
            """, new
        {
            isAntenne, owner = Id(owner), minYears, maxYears, effectifMin, effectifMax,
            acceptedNaf = acceptedNaf ?? [], excludedNaf = excludedNaf ?? [],
            acceptedLegalForms = acceptedLegalForms ?? [], excludedLegalForms = excludedLegalForms ?? [],
            subjectIds = (subjects ?? []).Select(Id).ToArray(),
        });
    }

    private async Task<Guid> InsertAsync(string name, string sql, object values)
    {
        var id = Guid.NewGuid();
        var parameters = new DynamicParameters(values);
        parameters.Add("Id", id);
        await ExecuteAsync(sql, parameters);
        ids[name] = id;
        return id;
    }

    /// <summary>Any other write, as another host or an operator would make it.</summary>
    public async Task ExecuteAsync(string sql, object? values = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(sql, values);
    }
}
