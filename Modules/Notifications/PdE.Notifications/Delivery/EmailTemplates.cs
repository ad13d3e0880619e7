using System.Collections.Concurrent;
using Scriban;

namespace PdE.Notifications.Delivery;

/// <summary>
/// Scriban templates embedded in the assembly (Templates/*.sbn), parsed once.
/// Member names are kept as in C# (PascalCase) instead of Scriban's default snake_case.
/// HTML templates must pipe user text through html.escape: Scriban does not escape by itself.
/// </summary>
internal sealed class EmailTemplates
{
    private readonly ConcurrentDictionary<string, Template> parsed = new();

    public string Render(string name, object model)
    {
        var template = parsed.GetOrAdd(name, Load);
        return template.Render(model, member => member.Name);
    }

    private static Template Load(string name)
    {
        var assembly = typeof(EmailTemplates).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(r => r.EndsWith($".Templates.{name}.sbn", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"E-mail template '{name}' is not embedded.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        return template.HasErrors
            ? throw new InvalidOperationException($"E-mail template '{name}' has errors: {string.Join("; ", template.Messages)}")
            : template;
    }
}
