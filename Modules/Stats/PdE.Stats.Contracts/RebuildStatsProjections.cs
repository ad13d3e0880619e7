using Mediator;

namespace PdE.Stats.Contracts;

/// <summary>
/// Empties Stats' projections and fills them again from the other modules' history (through their contracts): after a
/// projection changed, or to count data written without events (the embedded default's demo). Events delivered meanwhile
/// are kept: both write the same rows the same way. <c>dotnet run --project Host -- stats rebuild</c>.
/// </summary>
public sealed record RebuildStatsProjections : ICommand<StatsRebuilt>;

/// <summary>What the rebuild wrote, and how long it took.</summary>
public sealed record StatsRebuilt(long Requests, long Needs, long SatisfactionAnswers, TimeSpan Took);
