using System.Diagnostics;
using System.Text;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Features.Annuaire.ExportUsers;
using PdE.Directory.Features.Annuaire.ImportUsers;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// Wall-clock times of the users CSV import on the demo CCI, for files of 2,000 and 20,000 lines:
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- users-import`.
/// Each file creates its users (one in four also in a team of ten, five subject columns with "x", criteria or empty),
/// then is applied again unchanged, then the export of the result is previewed back (nothing to change).
/// </summary>
internal static class UsersImportTimings
{
    private static readonly string[] Antennes = ["CCI Paris Île-de-France", "CCI Lyon Métropole Saint-Étienne Roanne"];
    private static readonly string[] Subjects =
        ["Vendre à l’international", "Répondre aux marchés publics", "Développer mon activité grâce au numérique", "Reprendre une entreprise", "Transmettre mon entreprise"];

    public static async Task MeasureAsync()
    {
        await using var host = await BenchmarkHost.StartAsync();
        foreach (var lines in new[] { 2_000, 20_000 })
        {
            await host.ResetAsync();
            var file = Generate(lines);
            var preview = await TimeAsync(host, m => m.Send(new PreviewUsersImportQuery("cci", file)));
            var apply = await TimeAsync(host, m => m.Send(new ApplyUsersImportCommand("cci", file)));
            var reapply = await TimeAsync(host, m => m.Send(new ApplyUsersImportCommand("cci", file)));
            var export = await TimeAsync(host, m => m.Send(new ExportUsersQuery("cci")));
            var roundTrip = await TimeAsync(host, m => m.Send(new PreviewUsersImportQuery("cci", export.Result!)));
            if (preview.Result!.Errors.Count > 0 || apply.Result!.Count(UserChange.Created) != lines || !reapply.Result!.ChangesNothing || !roundTrip.Result!.ChangesNothing)
            {
                throw new InvalidOperationException($"Unexpected result for {lines} lines: {string.Join(" / ", preview.Result.Errors.Take(3))}");
            }

            Console.WriteLine($"{lines,6:N0} lines ({file.Length / 1024:N0} KiB, {apply.Result.CountTeams(UserChange.Created)} teams): "
                + $"preview {preview.Ms:N0} ms, apply {apply.Ms:N0} ms, re-apply unchanged {reapply.Ms:N0} ms, "
                + $"export {export.Ms:N0} ms ({export.Result!.Length / 1024:N0} KiB), preview of the export {roundTrip.Ms:N0} ms");
        }
    }

    private static byte[] Generate(int lines)
    {
        var csv = new StringBuilder("Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Nom de l’équipe;Téléphone de l’équipe;")
            .AppendJoin(';', Subjects).Append('\n');
        for (var i = 0; i < lines; i++)
        {
            var team = i % 4 == 0 ? $"equipe{i / 40}@cci.example.fr;Équipe {i / 40};01 40 00 {i / 40 % 100:00} 00" : ";;";
            csv.Append($"{Antennes[i % 2]};Conseiller {i:00000};conseiller{i}@cci.example.fr;06 {i / 10000 % 100:00} {i / 100 % 100:00} {i % 100:00} 00;Conseiller entreprises;{team}");
            for (var s = 0; s < Subjects.Length; s++)
            {
                csv.Append(';').Append(((i + s) % 3) switch { 0 => "x", 1 => $"Secteur {s}", _ => "" });
            }

            csv.Append('\n');
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<(T Result, double Ms)> TimeAsync<T>(ModuleTestHost host, Func<IMediator, ValueTask<T>> send)
    {
        var watch = Stopwatch.StartNew();
        var result = await host.InScopeAsync(sp => send(sp.GetRequiredService<IMediator>()).AsTask());
        return (result, watch.Elapsed.TotalMilliseconds);
    }
}
