using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Triage;

/// <summary>Ticking requests on the triage desk and pressing one of the action buttons, as a browser would.</summary>
internal static class TriageDesk
{
    public const string Path = "/conseiller/sollicitations";

    /// <summary>GETs <paramref name="deskPath"/>, ticks <paramref name="ids"/> in the grid, fills <paramref name="fields"/> and presses the button of <paramref name="handler"/>.</summary>
    public static async Task<HttpResponseMessage> ActAsync(
        HttpClient client, string handler, IEnumerable<Guid> ids, IDictionary<string, string>? fields = null, string deskPath = Path)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync(deskPath));
        var form = page.QuerySelector<IHtmlFormElement>("form#grille") ?? throw new AssertionException($"no grid on {deskPath}");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.AddRange(ids.Select(id => new KeyValuePair<string, string>("SolicitationIds", id.ToString())));
        values.AddRange(fields ?? new Dictionary<string, string>());
        var button = form.QuerySelectorAll<IHtmlButtonElement>("button[formaction]")
            .Single(b => b.GetAttribute("formaction")!.EndsWith($"handler={handler}", StringComparison.Ordinal));
        return await client.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(values));
    }
}
