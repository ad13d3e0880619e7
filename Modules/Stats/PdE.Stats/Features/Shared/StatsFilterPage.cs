using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Csv;
using PdE.Shared.Text;
using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.Shared;

/// <summary>
/// What every statistics page shares: the filters of its query string (so that a narrowed view can be shared as a link),
/// their checks in French, its tables, and each table as CSV (<c>?handler=Csv&amp;tableau=…</c>) with the same filters.
/// </summary>
internal abstract class StatsFilterPage(IMediator mediator, TimeProvider clock) : PageModel
{
    protected IMediator Mediator { get; } = mediator;

    private readonly TimeProvider clock = clock;

    public const string BadMonth = "Indiquez un mois sous la forme année-mois, par exemple 2026-03.";
    public const string ReversedPeriod = "Le mois de début doit précéder le mois de fin.";

    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "departement")]
    public string? Departement { get; set; }

    [BindProperty(SupportsGet = true, Name = "theme")]
    public string? Theme { get; set; }

    [BindProperty(SupportsGet = true, Name = "sujet")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "institution")]
    public string? Institution { get; set; }

    internal IReadOnlyList<PublicTheme> Catalogue { get; private set; } = [];

    internal IReadOnlyList<RegionChoice> Regions { get; private set; } = [];

    internal IReadOnlyList<InstitutionChoice> Institutions { get; private set; } = [];

    /// <summary>French messages for the period's fields, by field id; a field in error is left out of the filter.</summary>
    internal Dictionary<string, string> Errors { get; } = [];

    /// <summary>The filters in force, in words (« De mars 2026 à août 2026 », « Bretagne »…), once read.</summary>
    internal IReadOnlyList<string> FilterWords { get; private set; } = [];

    /// <summary>Some filter narrows the figures (beyond the page's default period).</summary>
    internal bool Filtered { get; private set; }

    /// <summary>The page's own path, e.g. <c>/stats</c>: where the form and the CSV links go.</summary>
    internal abstract string Path { get; }

    /// <summary>The page offers the institution filter.</summary>
    internal virtual bool FiltersInstitution => true;

    /// <summary>Months the page shows when no period is asked (null: all).</summary>
    protected virtual int? DefaultMonths => null;

    /// <summary>The default period's first month, when <see cref="DefaultMonths"/> applies and no period was asked.</summary>
    internal DateOnly? DefaultFrom { get; private set; }

    /// <summary>The page's tables, once its figures are read.</summary>
    internal abstract IReadOnlyList<StatsTable> Tables();

    /// <summary>The tables as the page shows them, each with its CSV link.</summary>
    internal IReadOnlyList<StatsTable> TablesWithLinks() => [.. Tables().Select(t => t with { CsvUrl = CsvUrl(t.Key) })];

    /// <summary>The antennes a manager may narrow to (value, label), the first being their whole perimeter; empty elsewhere.</summary>
    internal virtual IReadOnlyList<(string Value, string Label)> AntenneChoices => [];

    /// <summary>The antenne chosen among <see cref="AntenneChoices"/>.</summary>
    internal virtual string? SelectedAntenne => null;

    /// <summary>Extra query string values of the page (a manager's antenne), kept in the CSV links.</summary>
    protected virtual IEnumerable<(string Name, string? Value)> ExtraQuery() => [];

    /// <summary>Reads the page's figures for the filter (called by the page's GET and by its CSV handler).</summary>
    protected abstract Task LoadAsync(StatsFilter filter, CancellationToken cancellationToken);

    /// <summary>Null when the page may be read; otherwise the answer (e.g. 404 for an account with no perimeter).</summary>
    protected virtual Task<IActionResult?> RefuseAsync(CancellationToken cancellationToken) => Task.FromResult<IActionResult?>(null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await RefuseAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await LoadAsync(await FilterAsync(cancellationToken), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync([FromQuery(Name = "tableau")] string? table, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await LoadAsync(await FilterAsync(cancellationToken), cancellationToken);
        return Tables().FirstOrDefault(t => t.Key == table) is { } found
            ? File(CsvFile.Write(found.Cells()), "text/csv; charset=utf-8", $"statistiques-{found.Key}.csv")
            : NotFound();
    }

    /// <summary>The page's filters with <c>handler=Csv</c> and the table's name: the CSV of what the page shows.</summary>
    internal string CsvUrl(string table) => Path + Query(("handler", "Csv"), ("tableau", table));

    internal string Query(params (string Name, string? Value)[] more)
    {
        var query = new (string Name, string? Value)[]
            {
                ("du", From), ("au", To), ("region", Region), ("departement", Departement), ("theme", Theme), ("sujet", Subject),
                ("institution", Institution),
            }
            .Concat(ExtraQuery()).Concat(more)
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value!.Trim()));
        return QueryString.Create(query).ToString();
    }

    /// <summary>
    /// The filter the query string asks for. Unknown places, themes and institutions would narrow to nothing known: they
    /// are dropped. A subject narrows more than its theme, a département more than its région.
    /// </summary>
    protected async Task<StatsFilter> FilterAsync(CancellationToken cancellationToken)
    {
        Catalogue = await Mediator.Send(new GetPublicCatalogue(), cancellationToken);
        Regions = await Mediator.Send(new GetRegions(), cancellationToken);
        Institutions = FiltersInstitution ? await Mediator.Send(new GetInstitutionChoices(), cancellationToken) : [];

        var from = Month(From, "du");
        var to = Month(To, "au");
        if (from > to)
        {
            Errors["au"] = ReversedPeriod;
            to = null;
        }

        if (from is null && to is null && DefaultMonths is { } months)
        {
            var now = French.ToParis(clock.GetUtcNow().UtcDateTime);
            from = DefaultFrom = new DateOnly(now.Year, now.Month, 1).AddMonths(1 - months);
        }

        IReadOnlyList<string>? departements = null;
        string? place = null;
        if (Regions.FirstOrDefault(r => r.Code == Region) is { } region)
        {
            departements = region.DepartementCodes;
            place = region.Name;
        }

        var departement = Departement?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(departement) && Regions.SelectMany(r => r.DepartementCodes).Contains(departement))
        {
            departements = [departement];
            place = $"département {departement}";
        }

        IReadOnlyList<string>? subjects = null;
        string? topic = null;
        if (Catalogue.FirstOrDefault(t => t.Slug == Theme) is { } theme)
        {
            subjects = [.. theme.Subjects.Select(s => s.Slug)];
            topic = $"thème «\u00a0{theme.Label}\u00a0»";
        }

        if (Catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == Subject) is { } subject)
        {
            subjects = [subject.Slug];
            topic = $"sujet «\u00a0{subject.Label}\u00a0»";
        }

        var institution = Institutions.FirstOrDefault(i => i.Slug == Institution);
        Filtered = (from != DefaultFrom ? from : null, to, departements, subjects, institution) != (null, null, null, null, null);
        FilterWords =
        [
            (from, to) switch
            {
                ({ } start, { } end) => $"De {MonthName(start).ToLowerInvariant()} à {MonthName(end).ToLowerInvariant()}",
                ({ } start, null) => $"Depuis {MonthName(start).ToLowerInvariant()}",
                (null, { } end) => $"Jusqu’à {MonthName(end).ToLowerInvariant()}",
                _ => "Toute la période",
            },
            .. new[] { place, topic, institution?.Name }.OfType<string>(),
        ];
        return new StatsFilter(from, to, departements, subjects, institution?.Id);
    }

    private DateOnly? Month(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 2100)
        {
            return month;
        }

        Errors[field] = BadMonth;
        return null;
    }

    /// <summary>« Mars 2026 ».</summary>
    internal static string MonthName(DateOnly month) => French.Culture.TextInfo.ToTitleCase(month.ToString("MMMM yyyy", French.Culture));

    /// <summary>A month row: its name on the page, <c>2026-03</c> in the CSV.</summary>
    internal static StatsRow MonthRow(DateOnly month, params long[] values) =>
        new(MonthName(month), values, month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
}
