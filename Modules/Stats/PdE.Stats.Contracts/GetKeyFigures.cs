using Mediator;

namespace PdE.Stats.Contracts;

/// <summary>The few live figures the public site shows ("Comment ça marche"), for one calendar year.</summary>
/// <param name="Year">Calendar year, e.g. 2026.</param>
public sealed record GetKeyFigures(int Year) : IQuery<KeyFigures>;

/// <summary>The answer to <see cref="GetKeyFigures"/>.</summary>
/// <param name="RequestsReceived">Requests sent by companies during the year.</param>
/// <param name="NeedsRouted">Needs sent to at least one advisor during the year.</param>
/// <param name="CompaniesHelped">Companies (distinct SIRETs) one of whose needs sent during the year an advisor took in charge.</param>
/// <param name="ActiveAdvisors">Advisors who answered at least one need during the year (took it, closed it or declined it).</param>
public sealed record KeyFigures(long RequestsReceived, long NeedsRouted, long CompaniesHelped = 0, long ActiveAdvisors = 0)
{
    /// <summary>Share of the year's requests routed to an advisor (0–1); null before the first request.</summary>
    public double? ShareRouted => RequestsReceived == 0 ? null : Math.Min(1.0, (double)NeedsRouted / RequestsReceived);
}
