using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>
/// The team's triage desk: the sent requests by tab (status), filtered and searched, as cards with their warning flags;
/// tick several and validate, cancel with a reply, or tag them at once.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class TriageSolicitationsModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "onglet")]
    public string? Tab { get; set; }

    [BindProperty(SupportsGet = true, Name = "sujet")]
    public string? Subject { get; set; }

    /// <summary>The région filter's value for requests whose commune is unknown.</summary>
    public const string UnknownRegion = "inconnue";

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "provenance")]
    public string? Landing { get; set; }

    [BindProperty(SupportsGet = true, Name = "etiquette")]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "signal")]
    public string? Flag { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    // "page" is also Razor Pages' own route value (the page's name), which [BindProperty] reads first: page 2 showed page 1.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    // The page a mass action was posted from (its hidden field), to come back to it.
    [FromForm(Name = "page")]
    public int? PostedPageNumber { get; set; }

    [BindProperty]
    public List<Guid> SolicitationIds { get; set; } = [];

    [BindProperty]
    public MassInput Mass { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    /// <summary>Set when the last action was refused: the page comes back with the requests still ticked.</summary>
    public string? Refused { get; private set; }

    internal TriagePage Result { get; private set; } = null!;

    internal TriageCatalogue Catalogue { get; private set; } = null!;

    internal string Status => TriageTabs.StatusOf(Tab);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostValidateAsync(CancellationToken cancellationToken) =>
        ApplyAsync(new ValidateSolicitationsCommand(Selection()), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(CancellationToken cancellationToken) =>
        ApplyAsync(new CancelSolicitationsCommand(Selection(), Mass.ReplyKey), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(CancellationToken cancellationToken) =>
        ApplyAsync(new ReleaseSolicitationsCommand(Selection()), cancellationToken);

    public Task<IActionResult> OnPostTagAsync(CancellationToken cancellationToken) =>
        ApplyAsync(new TagSolicitationsCommand(Selection(), Mass.Tag), cancellationToken);

    public Task<IActionResult> OnPostUntagAsync(CancellationToken cancellationToken) =>
        ApplyAsync(new TagSolicitationsCommand(Selection(), Mass.Tag, Remove: true), cancellationToken);

    /// <summary>The current filters as a query string, for links and redirects.</summary>
    public string FilterQuery(string? tab = null, int? page = null) =>
        QueryString.Create(FilterFields(page, tab)).ToString().TrimStart('?');

    /// <summary>The current filters as name/value pairs (the blank ones left out).</summary>
    public IEnumerable<KeyValuePair<string, string?>> FilterFields(int? page = null, string? tab = null) => new Dictionary<string, string?>
    {
        ["onglet"] = tab ?? Tab,
        ["sujet"] = Subject,
        ["region"] = Region,
        ["provenance"] = Landing,
        ["etiquette"] = Tag,
        ["du"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["au"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["signal"] = Flag,
        ["q"] = Search,
        ["page"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value));

    /// <summary>Whether a filter besides the search is in use (from <see cref="FilterFields"/>): the desk's filters then show on a phone too.</summary>
    internal bool FilteringBesidesSearch => FilterFields().Any(f => f.Key is not ("onglet" or "q"));

    private TriageSelection Selection() => new(SolicitationIds, User.Identity?.Name ?? "Équipe");

    private async Task<IActionResult> ApplyAsync(ICommand<TriageResult> command, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            var query = FilterQuery(page: PostedPageNumber ?? PageNumber);
            return Redirect("/conseiller/sollicitations" + (query.Length == 0 ? "" : "?" + query));
        }

        Refused = result.Message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Catalogue = await TriageCatalogue.LoadAsync(mediator, cancellationToken);
        var departements = Region switch
        {
            null => null,
            UnknownRegion => [],
            _ => Catalogue.Regions.FirstOrDefault(r => r.Code == Region)?.DepartementCodes,
        };
        Result = await mediator.Send(new ListSolicitationsQuery(Status,
            new TriageFilter(Subject, departements, Landing, Tag, From, To, Search, Flag), PostedPageNumber ?? PageNumber), cancellationToken);
        Catalogue = await Catalogue.WithNamesOfAsync(mediator, Result.Cards, cancellationToken);
    }

    public sealed class MassInput
    {
        public string? ReplyKey { get; set; }

        public string? Tag { get; set; }
    }
}

/// <summary>What the desk shows besides the requests: subject labels and régions, asked from Directory.</summary>
internal sealed record TriageCatalogue(IReadOnlyList<PublicTheme> Themes, IReadOnlyList<RegionChoice> Regions)
{
    /// <summary>Names of the communes of the requests shown, by INSEE code (see <see cref="WithNamesOfAsync"/>).</summary>
    public IReadOnlyDictionary<string, CommuneName> CommuneNames { get; init; } = new Dictionary<string, CommuneName>();

    /// <summary>Labels of the NAF codes of the requests shown, by code as the request holds it.</summary>
    public IReadOnlyDictionary<string, string> NafLabels { get; init; } = new Dictionary<string, string>();

    public static async Task<TriageCatalogue> LoadAsync(IMediator mediator, CancellationToken cancellationToken) =>
        new(await mediator.Send(new GetPublicCatalogue(), cancellationToken), await mediator.Send(new GetRegions(), cancellationToken));

    /// <summary>The same catalogue, knowing the names of these requests' communes and activities.</summary>
    public async Task<TriageCatalogue> WithNamesOfAsync(IMediator mediator, IReadOnlyCollection<SolicitationCard> cards, CancellationToken cancellationToken) =>
        this with
        {
            CommuneNames = await mediator.Send(new GetCommuneNames(cards.Select(c => c.CommuneCode).OfType<string>().ToHashSet()), cancellationToken),
            NafLabels = await mediator.Send(new GetNafLabels(cards.Select(c => c.NafCode).OfType<string>().ToHashSet()), cancellationToken),
        };

    /// <summary>"Boulangerie et boulangerie-pâtisserie (NAF 10.71C)".</summary>
    public string Activity(string nafCode) => French.Activity(nafCode, NafLabels.GetValueOrDefault(nafCode));

    /// <summary>"Nantes (44000), Pays de la Loire" (the postcode, not the INSEE code); "commune 44109" when the code is not in
    /// the reference data.</summary>
    public string Place(string? communeCode, string? departement)
    {
        var commune = communeCode is null ? "inconnu"
            : CommuneNames.TryGetValue(communeCode, out var known) ? French.Commune(known.Name, known.Postcode) : $"commune {communeCode}";
        return RegionOf(departement) is { } region ? $"{commune}, {region}" : commune;
    }

    public string SubjectLabel(string slug) =>
        Themes.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == slug)?.Label ?? slug;

    public string? RegionOf(string? departement) =>
        departement is null ? null : Regions.FirstOrDefault(r => r.DepartementCodes.Contains(departement))?.Name;
}

/// <summary>A card of the desk (<see cref="Selectable"/>: with its tick box for mass actions) or of the request's own page.</summary>
internal sealed record SolicitationCardView(SolicitationCard Card, TriageCatalogue Catalogue, bool Selectable, bool Selected);

internal static class TriageFormat
{
    public static string Registered(bool? registered) => registered switch
    {
        true => "inscrite",
        false => "non inscrite",
        null => "inconnu",
    };

    /// <summary>The step 3 answers as stored (<c>[{"slug", "question", "answer"}]</c>), for the team and the event to Matching.</summary>
    public static IReadOnlyList<SubjectAnswer> Answers(string? json) =>
        string.IsNullOrEmpty(json) ? []
        : System.Text.Json.JsonSerializer.Deserialize<List<StoredAnswer>>(json)!.Select(a => new SubjectAnswer(a.Question, a.Answer, a.Slug)).ToList();

    private sealed record StoredAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("question")] string Question,
        [property: System.Text.Json.Serialization.JsonPropertyName("answer")] bool? Answer,
        [property: System.Text.Json.Serialization.JsonPropertyName("slug")] string? Slug);

    public static string Siret(string siret) => siret.Length == 14 ? $"{siret[..3]} {siret[3..6]} {siret[6..9]} {siret[9..]}" : siret;

    /// <summary>"06 12 34 56 78" for a 10-digit French number, as typed otherwise.</summary>
    public static string Phone(string phone) =>
        phone.Length == 10 && phone.All(char.IsAsciiDigit) ? string.Join(' ', Enumerable.Range(0, 5).Select(i => phone.Substring(i * 2, 2))) : phone;
}
