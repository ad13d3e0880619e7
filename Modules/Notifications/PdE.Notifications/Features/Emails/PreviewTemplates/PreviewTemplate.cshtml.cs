using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Notifications.Delivery;

namespace PdE.Notifications.Features.Emails.PreviewTemplates;

/// <summary>One template rendered with sample data (<see cref="TemplateSamples"/>), in each of its variants.</summary>
internal sealed class PreviewTemplateModel(EmailTemplates templates) : PageModel
{
    [FromRoute]
    public string Template { get; set; } = "";

    [FromQuery(Name = "exemple")]
    public int Index { get; set; }

    internal IReadOnlyList<TemplateSample> Samples { get; private set; } = [];

    internal TemplateSample Sample => Samples[Index];

    internal string Label => EmailLabels.Template(Template);

    internal string Text { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (!Load())
        {
            return NotFound();
        }

        Text = templates.Render($"{Template}.text", Sample.Model);
        return Page();
    }

    /// <summary>The HTML version alone, for the page's frame.</summary>
    public IActionResult OnGetHtml() =>
        Load() ? EmailHtml.Result(Response, templates.Render($"{Template}.html", Sample.Model)) : NotFound();

    private bool Load()
    {
        Samples = TemplateSamples.Of(Template);
        Index = Math.Clamp(Index, 0, Math.Max(0, Samples.Count - 1));
        return Samples.Count > 0;
    }
}
