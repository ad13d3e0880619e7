using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using PdE.Shared.Text;
using PdE.Stats.Features.Exports;
using PdE.Stats.Features.Exports.AskForExport;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.AgentStats;

/// <summary>
/// The team's and the managers' statistics (the original's « matches » and « needs » charts): the matches sent in the
/// period and what their experts answered, the needs and their status now, with the shares over the period. The last six
/// months unless another period is asked.
/// </summary>
internal abstract class AgentStatsPage(IMediator mediator, TimeProvider clock) : StatsFilterPage(mediator, clock)
{
    private static readonly string[] StatusColumns =
        ["Envoyés", "Positionnés", "En cours", "Clôturés avec aide", "Clôturés sans aide", "Injoignables", "Refusés"];

    internal AgentStats Stats { get; private set; } = AgentStats.Empty;

    protected override int? DefaultMonths => 6;

    /// <summary>The antenne or experts the page is narrowed to (a manager's perimeter); null: every match.</summary>
    protected abstract (Guid? AntenneId, IReadOnlyList<Guid>? ExpertIds) Scope();

    /// <summary>Whose figures the page shows, in words, for the list of exports (a manager's antennes); null: everyone's.</summary>
    protected virtual string? PerimeterWords => null;

    /// <summary>Why the export asked for was refused, in French; null otherwise.</summary>
    internal string? ExportError { get; private set; }

    /// <summary>
    /// Asks for an export of the requests, needs or matches the page counts, with its filters and perimeter, written in the
    /// background (<c>/conseiller/exports</c>, where this leads). A filter in error, a missing choice or too many exports
    /// waiting keep the person on the page with a French message.
    /// </summary>
    public async Task<IActionResult> OnPostExportAsync(
        [FromForm(Name = "contenu")] string? content, [FromForm(Name = "format")] string? format, CancellationToken cancellationToken)
    {
        if (await RefuseAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var filter = await FilterAsync(cancellationToken);
        var kind = ExportKind.OfSlug(content);
        var fileFormat = ExportFormat.Of(format);
        if (Errors.Count > 0)
        {
            ExportError = "Corrigez les filtres avant de demander un export : il reprend exactement les chiffres de la page.";
        }
        else if (kind is null || fileFormat is null)
        {
            ExportError = "Choisissez ce que vous voulez exporter et le format du fichier.";
        }
        else
        {
            var (antenneId, expertIds) = Scope();
            var words = string.Join(", ", new[] { PerimeterWords }.OfType<string>().Concat(FilterWords));
            var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
            if (await Mediator.Send(new QueueExport(userId, kind, fileFormat, ExportScope.Of(filter, antenneId, expertIds), words), cancellationToken) is { } id)
            {
                return Redirect($"/conseiller/exports#export-{id}");
            }

            ExportError = $"Vous avez déjà {QueueExport.MaxWaiting} exports en préparation : attendez qu’ils soient prêts pour en demander un autre.";
        }

        await LoadAsync(filter, cancellationToken);
        return Page();
    }

    protected override async Task LoadAsync(ShowPublicStats.StatsFilter filter, CancellationToken cancellationToken)
    {
        var (antenneId, expertIds) = Scope();
        Stats = await Mediator.Send(new GetAgentStats(filter, antenneId, expertIds), cancellationToken);
    }

    internal override IReadOnlyList<StatsTable> Tables() =>
    [
        new("mises-en-relation", "Mises en relation par mois d’envoi du besoin, selon la réponse du conseiller", "Mois", StatusColumns,
            [.. Stats.Matches.Select(Row)], Chronological: true, Empty: "Aucune mise en relation sur cette période."),
        new("besoins", "Besoins par mois d’envoi, selon leur état aujourd’hui", "Mois", StatusColumns,
            [.. Stats.Needs.Select(Row)], Chronological: true, Empty: "Aucun besoin sur cette période."),
        Breakdown(),
    ];

    /// <summary>The period's matches by institution (the team) or by antenne (a manager).</summary>
    protected abstract StatsTable Breakdown();

    /// <summary>A breakdown's table: one row per key, named by <paramref name="nameOf"/> (null: unknown to the directory).</summary>
    protected static StatsTable BreakdownTable(
        string key, string title, string rowHeader, IReadOnlyList<StatusTally> tallies, Func<Guid?, string?> nameOf, string unknown) =>
        new(key, title, rowHeader, StatusColumns,
            [.. tallies.Select(t => new StatsRow(nameOf(t.Key) ?? unknown, [t.Sent, t.Positioned, t.TakingCare, t.Done, t.DoneNoHelp, t.DoneNotReachable, t.NotForMe]))],
            Horizontal: true, Empty: "Aucune mise en relation sur cette période.") { ChartColumns = 3 };

    /// <summary>The period's shares of the matches sent: (tile id, figure, words).</summary>
    internal IReadOnlyList<(string Id, string Figure, string Words)> Tiles()
    {
        var sent = Stats.Matches.Sum(m => m.Sent);
        string Share(Func<StatusMonth, long> count) => sent == 0 ? "—" : ((double)Stats.Matches.Sum(count) / sent).ToString("P0", French.Culture);
        return
        [
            ("mises-en-relation-envoyees", French.Number(sent), sent >= 2 ? "mises en relation envoyées" : "mise en relation envoyée"),
            ("taux-positionnement", Share(m => m.Positioned), "des mises en relation ont reçu une réponse du conseiller (taux de positionnement)"),
            ("taux-prise-en-charge", Share(m => m.TakingCare + m.Done + m.DoneNoHelp + m.DoneNotReachable),
                "ont été prises en charge, en cours ou clôturées"),
            ("taux-aide", Share(m => m.Done), "ont été clôturées avec une aide proposée"),
            ("taux-refus", Share(m => m.NotForMe), "ont été refusées par le conseiller"),
            ("sans-reponse", French.Number(Stats.Matches.Sum(m => m.Sent - m.Positioned)), "attendent encore une réponse"),
        ];
    }

    private static StatsRow Row(StatusMonth m) =>
        MonthRow(m.Month, m.Sent, m.Positioned, m.TakingCare, m.Done, m.DoneNoHelp, m.DoneNotReachable, m.NotForMe);
}
