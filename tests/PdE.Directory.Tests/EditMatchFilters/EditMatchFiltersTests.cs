using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Routing.EditMatchFilters;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.EditMatchFilters;

/// <summary>Admins add, change and delete the filters of an institution or an antenne; each change is audited and routes at once.</summary>
public sealed class EditMatchFiltersTests
{
    private static readonly MatchFilterOwnerKey Cci = new("cci", null);
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task A_valid_form_passes()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { MinYears = "3", MaxYears = "10", EffectifMin = "10", EffectifMax = "50", AcceptedNafCodes = "62.02A 6201z", ExcludedLegalForms = "1000" });

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task Unknown_naf_codes_are_listed_and_only_sous_classes_count()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { AcceptedNafCodes = "62.02A 99.99Z 62", ExcludedNafCodes = "0000Z" });

        Assert.That(errors["AcceptedNafCodes"], Does.StartWith("Codes NAF inconnus : « 99.99Z », « 62 »."));
        Assert.That(errors["ExcludedNafCodes"], Does.StartWith("Code NAF inconnu : « 0000Z »."));
    }

    [Test]
    public async Task Legal_forms_are_4_digit_codes()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { AcceptedLegalForms = "5710 571 SAS" });

        Assert.That(errors["AcceptedLegalForms"], Does.Contain("« 571 », « SAS » ne conviennent pas"));
    }

    [Test]
    public async Task Minimums_must_stay_below_maximums()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { MinYears = "5", MaxYears = "5", EffectifMin = "50", EffectifMax = "20" });

        Assert.That(errors["MaxYears"], Does.StartWith("Le maximum d’années d’existence doit être supérieur au minimum"));
        Assert.That(errors["EffectifMax"], Does.StartWith("L’effectif maximum doit être supérieur à l’effectif minimum"));
    }

    [Test]
    public async Task Headcounts_come_from_the_insee_brackets_and_years_are_whole_numbers()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { EffectifMin = "15", EffectifMax = "abc", MinYears = "2,5" });

        Assert.That(errors["EffectifMin"], Is.EqualTo("Choisissez un effectif minimum dans la liste des tranches INSEE."));
        Assert.That(errors["EffectifMax"], Is.EqualTo("Choisissez un effectif maximum dans la liste des tranches INSEE."));
        Assert.That(errors["MinYears"], Does.StartWith("Indiquez un nombre entier d’années"));
    }

    [Test]
    public async Task A_filter_needs_at_least_one_criterion()
    {
        var errors = await ErrorsAsync(new MatchFilterInput { SubjectIds = [DirectoryDemoSeeder.IdOf("subject", "export")] });

        Assert.That(errors["Criteria"], Does.StartWith("Renseignez au moins un critère"));
    }

    [Test]
    public async Task Adding_a_filter_stores_it_audits_it_and_routes_with_it()
    {
        var input = new MatchFilterInput { SubjectIds = [DirectoryDemoSeeder.IdOf("subject", "export")], EffectifMin = "50", AcceptedNafCodes = "62.02a" };

        Assert.That(await SendAsync(new SaveMatchFilterCommand(Cci, null, input.ToValues(), Admin)), Is.True);

        var view = (await SendAsync(new ShowMatchFiltersQuery(Cci)))!;
        Assert.That(view.Filters.Single().AcceptedNafCodes, Is.EqualTo(new[] { "6202A" }));
        Assert.That(await HistoryAsync("institution", "cci"), Is.EqualTo(new[]
        {
            ("Alice Admin", "Ajout d’un filtre de mise en relation", (string?)null,
             (string?)"Sujets : Vendre à l’international · Effectif minimum : 50 salariés · Codes NAF acceptés : 6202A"),
        }));
        var small = new CompanyFacts(new DateOnly(2010, 1, 1), "11", "62.02A", "5710");
        var large = small with { HeadcountBracket = "21" };
        Assert.That(await ExpertsAsync("export", small), Does.Not.Contain("Camille Martin").And.Contain("Julie Moreau"), "only CCI filters");
        Assert.That(await ExpertsAsync("export", large), Does.Contain("Camille Martin"));
        Assert.That(await ExpertsAsync("reprendre", small), Does.Contain("Camille Martin"), "the filter is on export only");
    }

    [Test]
    public async Task Changing_and_deleting_a_filter_of_an_antenne_are_audited_on_the_antenne()
    {
        var antenne = new MatchFilterOwnerKey(null, DirectoryDemoSeeder.IdOf("antenne", "cci-paris-idf"));
        await SendAsync(new SaveMatchFilterCommand(antenne, null, new MatchFilterInput { MinYears = "3" }.ToValues(), Admin));
        var id = (await SendAsync(new ShowMatchFiltersQuery(antenne)))!.Filters.Single().Id;

        await SendAsync(new SaveMatchFilterCommand(antenne, id, new MatchFilterInput { MinYears = "2", ExcludedLegalForms = "1000" }.ToValues(), Admin));
        await SendAsync(new DeleteMatchFilterCommand(antenne, id, Admin));

        var history = await HistoryAsync("antenne", null, antenne.AntenneId);
        Assert.That(history.Select(h => h.Action), Is.EqualTo(new[]
        {
            "Suppression d’un filtre de mise en relation", "Modification d’un filtre de mise en relation", "Ajout d’un filtre de mise en relation",
        }));
        Assert.That(history[1].Before, Is.EqualTo("Sujets : tous · Existe depuis au moins : 3 ans"));
        Assert.That(history[1].After, Is.EqualTo("Sujets : tous · Existe depuis au moins : 2 ans · Formes juridiques exclues : 1000"));
        Assert.That(history[0].After, Is.Null);
        Assert.That((await SendAsync(new ShowMatchFiltersQuery(antenne)))!.Filters, Is.Empty);
    }

    [Test]
    public async Task A_filter_of_another_owner_cannot_be_changed_or_deleted_through_this_one()
    {
        await SendAsync(new SaveMatchFilterCommand(Cci, null, new MatchFilterInput { MinYears = "3" }.ToValues(), Admin));
        var id = (await SendAsync(new ShowMatchFiltersQuery(Cci)))!.Filters.Single().Id;
        var bpifrance = new MatchFilterOwnerKey("bpifrance", null);

        Assert.That(await SendAsync(new SaveMatchFilterCommand(bpifrance, id, new MatchFilterInput { MinYears = "1" }.ToValues(), Admin)), Is.False);
        Assert.That(await SendAsync(new DeleteMatchFilterCommand(bpifrance, id, Admin)), Is.False);
        Assert.That((await SendAsync(new ShowMatchFiltersQuery(Cci)))!.Filters.Single().MinYears, Is.EqualTo(3));
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(MatchFilterInput input) =>
        await DirectoryTestHost.Host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<IValidator<MatchFilterInput>>().ValidateAsync(input)).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));

    private static async Task<string[]> ExpertsAsync(string subject, CompanyFacts company) =>
        (await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindExpertsForNeed(subject, "75101", company)).AsTask()))
            .Select(e => e.FullName).ToArray();

    private static async Task<List<(string ActorName, string Action, string? Before, string? After)>> HistoryAsync(string entityType, string? slug, Guid? id = null)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var entityId = id ?? await connection.ExecuteScalarAsync<Guid>("select id from directory.institution where slug = @slug", new { slug });
        return (await AuditLog.LatestAsync(connection, entityType, entityId, CancellationToken.None))
            .Select(e => (e.ActorName, e.Action, e.Before is null ? null : AuditEntry.Describe(e.Before), e.After is null ? null : AuditEntry.Describe(e.After))).ToList();
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
