using System.Reflection;

namespace PdE.Shared.Db;

/// <summary>
/// A module's PostgreSQL schema and the assembly embedding its migration scripts.
/// Every module registers one; the migrator and the outbox dispatcher walk them all.
/// The scheduler's <c>quartz</c> schema is migrated the same way but has no outbox (<paramref name="HasOutbox"/> false).
/// </summary>
public sealed record ModuleSchema(string Name, Assembly MigrationsAssembly, bool HasOutbox = true);
