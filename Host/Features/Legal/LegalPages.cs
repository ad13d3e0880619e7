using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PdE.Shared.Text;

namespace PdE.Host.Features.Legal;

/// <summary>A legal page as shown: its title (the Markdown's first heading) and the HTML of what follows it.</summary>
public sealed record LegalPage(string Title, string Html);

/// <summary>
/// The legal pages, written in Markdown in <c>Host/Features/Legal/Content</c> (embedded in the host) and rendered once by
/// Markdig. What differs between deployments (who publishes and hosts the service, its contact address, how long personal
/// data is kept) is written <c>{{Name}}</c> and filled from the <c>Legal</c> settings and <c>Retention:Years</c>.
/// </summary>
public sealed partial class LegalPages(IConfiguration configuration, ILogger<LegalPages> logger)
{
    /// <summary>The pages' addresses, each also the name of its Markdown file (ShowLegalPage's route lists the same three).</summary>
    public static readonly IReadOnlyList<string> Slugs = ["accessibilite", "mentions-legales", "donnees-personnelles"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoIdentifiers().Build();

    private readonly ConcurrentDictionary<string, LegalPage> rendered = new();

    /// <summary>The page at this address; null for none.</summary>
    public LegalPage? Find(string slug) => Slugs.Contains(slug) ? rendered.GetOrAdd(slug, Render) : null;

    private LegalPage Render(string slug)
    {
        using var stream = typeof(LegalPages).Assembly.GetManifestResourceStream($"PdE.Host.Features.Legal.Content.{slug}.md")
            ?? throw new InvalidOperationException($"The legal page {slug}.md is not embedded in the host.");
        using var reader = new StreamReader(stream);
        var markdown = Placeholder().Replace(reader.ReadToEnd(), match => Setting(match.Groups[1].Value));
        var document = Markdown.Parse(markdown, Pipeline);
        var heading = document.OfType<HeadingBlock>().First(h => h.Level == 1);
        var title = string.Concat(heading.Inline!.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
        document.Remove(heading);
        return new LegalPage(title, document.ToHtml(Pipeline));
    }

    private string Setting(string name)
    {
        if (name == "RetentionYears")
        {
            return Math.Max(1, configuration.GetValue("Retention:Years", 3)).ToString(French.Culture);
        }

        if (configuration[$"Legal:{name}"] is { Length: > 0 } value)
        {
            return value;
        }

        // The page still answers, and says so, rather than failing for every visitor over a setting.
        logger.LogWarning("Legal:{Name} is not set: the legal pages show « non renseigné » in its place", name);
        return "*non renseigné*";
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
