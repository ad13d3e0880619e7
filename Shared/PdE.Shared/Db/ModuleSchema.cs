using System.Reflection;

namespace PdE.Shared.Db;

/// <summary>
/// A module's PostgreSQL schema and the assembly embedding its migration scripts.
/// Every module registers one; the migrator and the outbox dispatcher walk them all.
/// </summary>
public sealed record ModuleSchema(string Name, Assembly MigrationsAssembly);
