using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;

namespace PdE.Host.Features.Search;

/// <summary>
/// The header's search box: what an agent typed, looked up in each module through its contract, the results grouped by kind
/// and each kind limited to what the agent may see. The team (admins) searches requests, every need, companies, advisers and
/// antennes; an expert the needs sent to their experts (a manager also those of the antennes they follow) and their companies.
/// </summary>
public sealed class SearchModel(IMediator mediator) : PageModel
{
    public const int MaxLength = 200;

    /// <summary>Lines shown per kind; the rest is one link away, on the kind's own page.</summary>
    public const int PerKind = 5;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public string? Error { get; private set; }

    public bool Searched { get; private set; }

    public FoundRequests? Requests { get; private set; }

    public FoundNeeds? Needs { get; private set; }

    public IReadOnlyList<CompanyLine> Companies { get; private set; } = [];

    public IReadOnlyList<FoundExpert> Experts { get; private set; } = [];

    public IReadOnlyList<FoundAntenne> Antennes { get; private set; } = [];

    public IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>Where the agent's own list of needs is: their inbox, or for a manager without experts of their own, their antennes'.</summary>
    public string NeedsListPath => User.IsInRole(Roles.Expert) || !User.IsInRole(Roles.AntenneManager) ? "/conseiller/besoins" : "/conseiller/besoins/antennes";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var text = Query?.Trim() ?? "";
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length > MaxLength)
        {
            Error = $"Votre recherche compte {text.Length.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} caractères : "
                + $"raccourcissez-la à {MaxLength} caractères au plus (quelques mots suffisent : un nom, un SIRET, une ville).";
            return;
        }

        Searched = true;
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        // Each module answers from its own tables and connection: asked together, the page waits for the slowest, not the sum.
        var needs = mediator.Send(new SearchNeeds(userId, IsAdmin, User.IsInRole(Roles.AntenneManager), text, PerKind), cancellationToken).AsTask();
        var requests = IsAdmin ? mediator.Send(new SearchRequests(text, PerKind), cancellationToken).AsTask() : Task.FromResult<FoundRequests>(null!);
        var experts = IsAdmin ? mediator.Send(new SearchExperts(text, PerKind + 1), cancellationToken).AsTask() : Task.FromResult<IReadOnlyList<FoundExpert>>([]);
        var antennes = IsAdmin ? mediator.Send(new SearchAntennes(text, PerKind + 1), cancellationToken).AsTask() : Task.FromResult<IReadOnlyList<FoundAntenne>>([]);
        var catalogue = mediator.Send(new GetPublicCatalogue(), cancellationToken).AsTask();
        await Task.WhenAll(needs, requests, experts, antennes, catalogue);

        (Needs, Requests, Experts, Antennes) = (needs.Result, requests.Result, experts.Result, antennes.Result);
        Companies = CompanyLine.Merge(Requests?.Companies ?? [], Needs.Companies, PerKind);
        SubjectLabels = catalogue.Result.SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
    }

    public string SubjectLabel(string slug) => SubjectLabels.GetValueOrDefault(slug, slug);

    /// <summary>« 12 », or « plus de 1 000 » when the search stopped counting.</summary>
    public static string CountText(int count, bool capped) => (capped ? "plus de " : "") + count.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));

    public static string Plural(int count, bool capped, string one, string many) => $"{CountText(count, capped)} {(count > 1 || capped ? many : one)}";

    /// <summary>For a kind read one line past <see cref="PerKind"/>: « 3 antennes », or « plus de 5 antennes ».</summary>
    public static string AtMost(int count, string one, string many) =>
        count > PerKind ? $"plus de {PerKind} {many}" : Plural(count, false, one, many);

    /// <summary>A company as the search found it, among the requests and the needs.</summary>
    public sealed record CompanyLine(string Siret, string? Name, int Requests, int Needs)
    {
        public static IReadOnlyList<CompanyLine> Merge(IReadOnlyList<FoundCompany> fromRequests, IReadOnlyList<FoundNeedCompany> fromNeeds, int limit)
        {
            var lines = new List<CompanyLine>();
            foreach (var company in fromRequests)
            {
                lines.Add(new CompanyLine(company.Siret, company.Name, company.Count, 0));
            }

            foreach (var company in fromNeeds)
            {
                var index = lines.FindIndex(l => l.Siret == company.Siret);
                if (index < 0)
                {
                    lines.Add(new CompanyLine(company.Siret, company.Name, 0, company.Count));
                }
                else
                {
                    lines[index] = lines[index] with { Name = lines[index].Name ?? company.Name, Needs = company.Count };
                }
            }

            return lines.Take(limit).ToList();
        }

        /// <summary>« 732 829 320 00074 »: the SIREN, then the establishment's number.</summary>
        public string SiretText => Siret.Length == 14 ? $"{Siret[..3]} {Siret[3..6]} {Siret[6..9]} {Siret[9..]}" : Siret;
    }
}
