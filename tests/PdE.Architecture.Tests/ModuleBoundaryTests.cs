using System.Reflection;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using NetArchTest.Rules;

namespace PdE.Architecture.Tests;

public sealed partial class ModuleBoundaryTests
{
    private static IEnumerable<string> ModuleNames => Modules.Names;

    [TestCaseSource(nameof(ModuleNames))]
    public void A_module_references_only_the_contracts_of_other_modules(string module)
    {
        var forbidden = Modules.Implementation(module).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("PdE.", StringComparison.Ordinal)
                        && n != "PdE.Shared" && n != $"PdE.{module}" && !n.EndsWith(".Contracts", StringComparison.Ordinal));
        Assert.That(forbidden, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void Contracts_reference_no_implementation(string module)
    {
        var forbidden = Modules.Contracts(module).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("PdE.", StringComparison.Ordinal) && !n.EndsWith(".Contracts", StringComparison.Ordinal));
        Assert.That(forbidden, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void A_module_exposes_only_its_entry_point(string module)
    {
        // Page models and their inputs are internal too: Razor pages route them from the module's own assembly.
        var exposed = Modules.Implementation(module).GetExportedTypes().Select(t => t.FullName);
        Assert.That(exposed, Is.EqualTo(new[] { $"PdE.{module}.{module}Module" }));
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void Every_contract_type_is_used_by_another_module_or_the_host(string module)
    {
        // A contract only the owner itself uses is an internal type in disguise: it belongs in the module.
        var others = Modules.Names.Where(m => m != module).Select(Modules.Implementation).Append(Assembly.Load("PdE.Host")).ToList();
        var unused = Modules.Contracts(module).GetExportedTypes()
            .Where(t => !others.Any(asm => Types.InAssembly(asm).That().HaveDependencyOn(t.FullName).GetTypes().Any()))
            .Select(t => t.FullName);
        Assert.That(unused, Is.Empty);
    }

    [Test]
    public void The_host_names_only_the_entry_points_and_contracts_of_modules()
    {
        // Program.cs composes modules through AddX / MapX; anything deeper belongs to the module itself.
        var host = Path.Combine(Modules.RepositoryRoot, "Host");
        var offences = System.IO.Directory.GetFiles(host, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => ModuleInternalNamespace().Matches(File.ReadAllText(file))
                .Select(m => $"{Path.GetRelativePath(host, file)}: {m.Value}"))
            .ToList();
        Assert.That(offences, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void Contracts_are_sealed_records_only(string module)
    {
        var notRecords = Modules.Contracts(module).GetExportedTypes()
            .Where(t => !t.IsSealed || t.GetMethod("<Clone>$") is null)
            .Select(t => t.FullName);
        Assert.That(notRecords, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void Every_contract_event_carries_an_event_id_for_idempotent_receivers(string module)
    {
        var withoutId = Modules.Contracts(module).GetExportedTypes()
            .Where(t => typeof(INotification).IsAssignableFrom(t))
            .Where(t => t.GetProperty("EventId")?.PropertyType != typeof(Guid))
            .Select(t => t.FullName);
        Assert.That(withoutId, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void Module_code_never_drives_the_outbox_dispatcher(string module)
    {
        var result = Types.InAssembly(Modules.Implementation(module)).ShouldNot()
            .HaveDependencyOnAny("PdE.Shared.Outbox.OutboxProcessor", "PdE.Shared.Outbox.OutboxDispatcher", "PdE.Shared.Migrations.DatabaseMigrator")
            .GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty);
    }

    [Test]
    public void Razor_page_paths_are_unique_across_modules_and_host()
    {
        // Two libraries with the same page path silently shadow each other (one page 404s).
        var assemblies = Modules.Names.Select(Modules.Implementation)
            .Append(Assembly.Load("PdE.Host")).Append(Assembly.Load("PdE.Shared"));
        var duplicates = assemblies
            .SelectMany(a => a.GetCustomAttributes<RazorCompiledItemAttribute>())
            .Where(i => !i.Identifier.EndsWith("/_ViewImports.cshtml", StringComparison.Ordinal) && !i.Identifier.EndsWith("/_ViewStart.cshtml", StringComparison.Ordinal))
            .GroupBy(i => i.Identifier)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key);
        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public void Page_routes_are_unique()
    {
        var routes = Modules.Names.Select(Modules.Implementation).Append(Assembly.Load("PdE.Host"))
            .SelectMany(a => a.GetCustomAttributes<RazorCompiledItemAttribute>())
            .SelectMany(i => i.Type.GetCustomAttributes<RazorCompiledItemMetadataAttribute>())
            .Where(m => m.Key == "RouteTemplate")
            .Select(m => m.Value.Trim('/').ToLowerInvariant())
            .ToList();
        Assert.That(routes, Does.Contain("demande"), "the test must see the module pages' routes");
        Assert.That(routes.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);
    }

    [Test]
    public void No_page_model_binds_the_page_number_with_BindProperty()
    {
        // Razor Pages fills "page" from its own route value (the page's name) before the query string, so a
        // [BindProperty(Name = "page")] number stays 1 and every link to page 2 shows page 1: bind it [FromQuery].
        var offenders = Modules.Names.Select(Modules.Implementation).SelectMany(a => a.GetTypes())
            .Where(t => typeof(PageModel).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
                .Where(p => p.GetCustomAttribute<Microsoft.AspNetCore.Mvc.BindPropertyAttribute>() is { } bind
                            && string.Equals(bind.Name ?? p.Name, "page", StringComparison.OrdinalIgnoreCase))
                .Select(p => $"{t.Name}.{p.Name}"));
        Assert.That(offenders, Is.Empty);
    }

    [TestCaseSource(nameof(ModuleNames))]
    public void A_module_sql_names_only_its_own_schema(string module)
    {
        var own = module.ToLowerInvariant();
        var root = Modules.RepositoryRoot;
        var files = System.IO.Directory.GetFiles(Path.Combine(root, "migrations", own), "*.sql")
            .Concat(System.IO.Directory.GetFiles(Path.Combine(root, "Modules", module, $"PdE.{module}"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .ToList();
        Assert.That(files, Is.Not.Empty);

        var offences = files
            .SelectMany(file => SchemaReference().Matches(File.ReadAllText(file))
                .Where(m => m.Groups["schema"].Value != own)
                .Select(m => $"{Path.GetRelativePath(root, file)}: {m.Value}"));
        Assert.That(offences, Is.Empty);
    }

    [Test]
    public void No_page_has_an_inline_script_or_style_the_content_security_policy_blocks()
    {
        // SecurityHeaders sends script-src 'self' and style-src 'self': a <script> without src, a <style>, a style="…" or an
        // on…="…" attribute never runs in a browser (the routing page once waited forever for its inline reload).
        var offences = Modules.Names.Select(m => Path.Combine(Modules.RepositoryRoot, "Modules", m)).Append(Path.Combine(Modules.RepositoryRoot, "Host"))
            .SelectMany(folder => System.IO.Directory.GetFiles(folder, "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => InlineScriptOrStyle().Matches(File.ReadAllText(file))
                .Select(m => $"{Path.GetRelativePath(Modules.RepositoryRoot, file)}: {m.Value}"))
            .ToList();
        Assert.That(offences, Is.Empty);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<style\b[^>]*>|\sstyle=""|\son[a-z]+=""")]
    private static partial Regex InlineScriptOrStyle();

    [GeneratedRegex(@"\b(?<schema>solicitations|directory|matching|notifications|stats)\.[a-z_]")]
    private static partial Regex SchemaReference();

    [GeneratedRegex(@"\bPdE\.(Solicitations|Directory|Matching|Notifications|Stats)\.(?!Contracts\b)[A-Z]\w*")]
    private static partial Regex ModuleInternalNamespace();
}
