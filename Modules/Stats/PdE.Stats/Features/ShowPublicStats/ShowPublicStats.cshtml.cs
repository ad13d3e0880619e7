using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Csv;
using PdE.Shared.Text;
using PdE.Stats.Data;

namespace PdE.Stats.Features.ShowPublicStats;

/// <summary>
/// <c>/stats</c>: the service's figures for everyone, narrowed by period, place, theme or subject and institution (query
/// string, so that a narrowed view can be shared as a link), each table downloadable as CSV with the same filters.
/// </summary>
internal sealed class ShowPublicStatsModel(IMediator mediator) : PageModel
{
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

    internal PublicStats Stats { get; private set; } = PublicStats.Empty;

    internal IReadOnlyList<PublicTheme> Catalogue { get; private set; } = [];

    internal IReadOnlyList<RegionChoice> Regions { get; private set; } = [];

    internal IReadOnlyList<InstitutionChoice> Institutions { get; private set; } = [];

    /// <summary>French messages for the period's fields, by field id; a field in error is left out of the filter.</summary>
    internal Dictionary<string, string> Errors { get; } = [];

    /// <summary>Some filter narrows the figures.</summary>
    internal bool Filtered { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stats = await mediator.Send(new GetPublicStats(await FilterAsync(cancellationToken)), cancellationToken);
    }

    /// <summary>One table as CSV (<c>?handler=Csv&amp;tableau=mois|themes|taille|activite</c>), with the page's filters.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery(Name = "tableau")] string? table, CancellationToken cancellationToken)
    {
        Stats = await mediator.Send(new GetPublicStats(await FilterAsync(cancellationToken)), cancellationToken);
        var tables = Tables();
        if (table is null || !tables.TryGetValue(table, out var rows))
        {
            return NotFound();
        }

        return File(CsvFile.Write(rows), "text/csv; charset=utf-8", $"statistiques-{table}.csv");
    }

    /// <summary>The page's tables as rows of cells, header first, by the name the CSV link gives.</summary>
    internal Dictionary<string, List<IReadOnlyList<string>>> Tables()
    {
        var invariant = CultureInfo.InvariantCulture;
        return new Dictionary<string, List<IReadOnlyList<string>>>
        {
            ["mois"] =
            [
                ["Mois", "Demandes reçues", "Besoins orientés", "Besoins pris en charge", "Besoins clôturés avec aide"],
                .. Stats.Months.Select(m => (IReadOnlyList<string>)
                [
                    m.Month.ToString("yyyy-MM", invariant), m.SolicitationsReceived.ToString(invariant), m.NeedsRouted.ToString(invariant),
                    m.NeedsTakenInCharge.ToString(invariant), m.NeedsDone.ToString(invariant),
                ]),
            ],
            ["themes"] = [["Thème", "Besoins orientés"], .. NeedsByTheme().Select(t => (IReadOnlyList<string>)[t.Label, t.Count.ToString(invariant)])],
            ["taille"] = [["Taille de l’entreprise", "Demandes reçues"], .. RequestsBySize().Select(t => (IReadOnlyList<string>)[t.Label, t.Count.ToString(invariant)])],
            ["activite"] =
            [
                ["Secteur d’activité (section NAF)", "Demandes reçues"],
                .. RequestsByNafSection().Select(t => (IReadOnlyList<string>)[t.Label, t.Count.ToString(invariant)]),
            ],
        };
    }

    /// <summary>Needs by theme of the catalogue, largest first; subjects no longer public under « Autres sujets ».</summary>
    internal IReadOnlyList<(string Label, long Count)> NeedsByTheme()
    {
        var themeOf = Catalogue.SelectMany(t => t.Subjects.Select(s => (s.Slug, t.Label))).ToDictionary(p => p.Slug, p => p.Label);
        return Stats.NeedsBySubject
            .GroupBy(t => t.Key is { } slug && themeOf.TryGetValue(slug, out var label) ? label : "Autres sujets")
            .Select(g => (g.Key, g.Sum(t => t.Count)))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    internal IReadOnlyList<(string Label, long Count)> RequestsBySize()
    {
        var counts = Stats.RequestsBySize.GroupBy(t => CompanyCategories.SizeClassOf(t.Key)).ToDictionary(g => g.Key ?? "", g => g.Sum(t => t.Count));
        return
        [
            .. CompanyCategories.SizeClasses.Select(size => (size.Label, counts.GetValueOrDefault(size.Key))),
            ("Taille inconnue ou projet sans entreprise", counts.GetValueOrDefault("")),
        ];
    }

    internal IReadOnlyList<(string Label, long Count)> RequestsByNafSection() =>
    [
        .. Stats.RequestsByNafSection
            .Where(t => t.Key is not null && CompanyCategories.NafSections.ContainsKey(t.Key))
            .Select(t => ($"{t.Key} – {CompanyCategories.NafSections[t.Key!]}", t.Count)),
        ("Activité inconnue", Stats.RequestsByNafSection.Where(t => t.Key is null || !CompanyCategories.NafSections.ContainsKey(t.Key)).Sum(t => t.Count)),
    ];

    /// <summary>The filter the query string asks for: unknown places, themes and institutions narrow to nothing known, so they are dropped.</summary>
    private async Task<StatsFilter> FilterAsync(CancellationToken cancellationToken)
    {
        Catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        Regions = await mediator.Send(new GetRegions(), cancellationToken);
        Institutions = await mediator.Send(new GetInstitutionChoices(), cancellationToken);

        var from = Month(From, "du");
        var to = Month(To, "au");
        if (from > to)
        {
            Errors["au"] = ReversedPeriod;
            to = null;
        }

        IReadOnlyList<string>? departements = null;
        if (Regions.FirstOrDefault(r => r.Code == Region) is { } region)
        {
            departements = region.DepartementCodes;
        }

        if (!string.IsNullOrWhiteSpace(Departement) && Regions.SelectMany(r => r.DepartementCodes).Contains(Departement.Trim().ToUpperInvariant()))
        {
            departements = [Departement.Trim().ToUpperInvariant()];
        }

        IReadOnlyList<string>? subjects = null;
        if (Catalogue.FirstOrDefault(t => t.Slug == Theme) is { } theme)
        {
            subjects = [.. theme.Subjects.Select(s => s.Slug)];
        }

        if (Catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == Subject) is { } subject)
        {
            subjects = [subject.Slug];
        }

        var institution = Institutions.FirstOrDefault(i => i.Slug == Institution);
        var filter = new StatsFilter(from, to, departements, subjects, institution?.Id);
        Filtered = filter != StatsFilter.None && (from, to, departements, subjects, institution) != (null, null, null, null, null);
        return filter;
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

    /// <summary>The page's filters with <c>handler=Csv</c> and the table's name: the CSV of what the page shows.</summary>
    internal string CsvUrl(string table)
    {
        var query = new (string Name, string? Value)[]
            {
                ("du", From), ("au", To), ("region", Region), ("departement", Departement), ("theme", Theme), ("sujet", Subject),
                ("institution", Institution), ("handler", "Csv"), ("tableau", table),
            }
            .Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => new KeyValuePair<string, string?>(p.Name, p.Value!.Trim()));
        return "/stats" + QueryString.Create(query);
    }

    /// <summary>« 2 j 4 h », « 5 h », « 40 min »: a delay as a reader takes it in at a glance.</summary>
    internal static string Delay(TimeSpan delay) => delay switch
    {
        { TotalDays: >= 1 } => delay.Hours == 0 ? $"{(int)delay.TotalDays} j" : $"{(int)delay.TotalDays} j {delay.Hours} h",
        { TotalHours: >= 1 } => $"{(int)delay.TotalHours} h",
        _ => $"{Math.Max(1, (int)delay.TotalMinutes)} min",
    };

    internal static string MonthName(DateOnly month) => French.Culture.TextInfo.ToTitleCase(month.ToString("MMMM yyyy", French.Culture));
}
