using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Scriban;
using Scriban.Runtime;

namespace PdE.Notifications.Delivery;

/// <summary>
/// Scriban templates embedded in the assembly (Templates/*.sbn), parsed once.
/// Member names are kept as in C# (PascalCase) instead of Scriban's default snake_case; a name the model lacks is an error.
/// HTML templates must pipe user text through `escape`: Scriban does not escape by itself, and its own
/// html.escape turns every accented letter into an entity, which makes French mail hard to read in source.
/// </summary>
internal sealed class EmailTemplates
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConcurrentDictionary<string, Template> parsed = new();

    // Scriban reads the model through PropertyInfo.GetValue, which compiles an invoke stub per property on its second call and
    // keeps it on the PropertyInfo. The runtime's reflection cache of a type may be reclaimed by any garbage collection, and
    // the stubs with it: each e-mail compiled them again (measured under load: a tenth of the host's CPU went to compiling
    // and finalizing them). Holding the models' properties keeps that cache, and the stubs, alive.
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> HeldProperties = new();

    // The template functions do not depend on the e-mail: imported once, read-only, shared by every rendering.
    private static readonly ScriptObject Functions = CreateFunctions();

    public string Render(string name, object model)
    {
        var template = parsed.GetOrAdd(name, Load);
        HeldProperties.GetOrAdd(model.GetType(), type => type.GetProperties());
        var globals = new ScriptObject();
        globals.Import(model, renamer: member => member.Name);
        // Strict: a value the template reads and the model lacks is an error, not a blank in somebody's e-mail.
        var context = new TemplateContext { MemberRenamer = member => member.Name, LoopLimit = 10_000, StrictVariables = true };
        context.PushGlobal(Functions);
        context.PushGlobal(globals);
        return template.Render(context);
    }

    private static ScriptObject CreateFunctions()
    {
        var functions = new ScriptObject();
        functions.Import("escape", new Func<string?, string>(text => Html.Encode(text ?? "")));
        functions.Import("escape_lines", new Func<string?, string>(text =>
            string.Join("<br>", (text ?? "").ReplaceLineEndings("\n").Split('\n').Select(Html.Encode))));
        functions.IsReadOnly = true;
        return functions;
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
