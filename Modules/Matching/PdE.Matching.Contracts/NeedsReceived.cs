using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>How many needs each of these experts was sent since a date (experts sent none are left out).</summary>
/// <param name="ExpertIds">Directory's expert ids.</param>
/// <param name="Since">UTC instant.</param>
public sealed record CountNeedsReceived(IReadOnlyList<Guid> ExpertIds, DateTime Since) : IQuery<IReadOnlyDictionary<Guid, int>>;
