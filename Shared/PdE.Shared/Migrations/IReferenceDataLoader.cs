namespace PdE.Shared.Migrations;

/// <summary>
/// Loads a module's shipped reference data (communes, NAF codes…) after migrations, in every environment.
/// Must be idempotent and cheap when nothing changed: it runs at every start.
/// </summary>
public interface IReferenceDataLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}
