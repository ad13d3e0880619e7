namespace PdE.Shared.Migrations;

/// <summary>
/// Inserts a module's demo data. Run after migrations when demo data is wanted (embedded default, tests).
/// Must be idempotent: it runs at every start.
/// </summary>
public interface IDemoDataSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
