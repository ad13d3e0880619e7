using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Features.Spam;
using PdE.Solicitations.Features.Spam.ManageBlocklist;

namespace PdE.Solicitations.Tests.ManageBlocklist;

public sealed class BlocklistTests
{
    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [TestCase("email", " Spam@Exemple.FR ", "spam@exemple.fr", null, true)]
    [TestCase("email", "spam@exemple.fr", "autre@exemple.fr", null, false)]
    [TestCase("domain", "@Exemple.fr", "qui.que.ce.soit@exemple.fr", null, true)]
    [TestCase("domain", "exemple.fr", "nom@sous.exemple.fr", null, false)]
    [TestCase("siret", "732 829 320 00074", "nom@ailleurs.fr", "73282932000074", true)]
    [TestCase("siren", "732829320", "nom@ailleurs.fr", "73282932000082", true)]
    [TestCase("siren", "732829320", "nom@ailleurs.fr", null, false)]
    public async Task A_sender_is_blocked_by_exact_email_domain_siret_or_siren(string kind, string value, string email, string? siret, bool blocked)
    {
        Assert.That(await SendAsync(new BlockSenderCommand(kind, value, "Envois publicitaires", "Alice Admin")), Is.Null);

        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        await connection.OpenAsync();
        var entry = await Blocklist.FindAsync(connection, null, email, siret, CancellationToken.None);

        Assert.That(entry is not null, Is.EqualTo(blocked));
    }

    [Test]
    public async Task The_same_entry_twice_is_refused_and_an_entry_can_be_removed()
    {
        await SendAsync(new BlockSenderCommand("email", "spam@exemple.fr", "Spam", "Alice"));

        var again = await SendAsync(new BlockSenderCommand("email", "SPAM@exemple.fr", "Spam", "Alice"));
        var entry = (await SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new ListBlockedSendersQuery()).AsTask())).Single();
        var removed = await SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new UnblockSenderCommand(entry.Id)).AsTask());

        Assert.That(again, Is.EqualTo("« spam@exemple.fr » est déjà dans la liste."));
        Assert.That((entry.Value, entry.CreatedBy, removed), Is.EqualTo(("spam@exemple.fr", "Alice", true)));
    }

    [TestCase("email", "pas-une-adresse", "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.")]
    [TestCase("domain", "nom@exemple.fr", "Indiquez un domaine, par exemple exemple.fr (sans « @ » ni adresse).")]
    [TestCase("siret", "73282932000075", "Ce numéro SIRET n’est pas valide : 14 chiffres attendus.")]
    [TestCase("siren", "7328", "Un SIREN comporte 9 chiffres.")]
    [TestCase("email", "", "Indiquez la valeur à bloquer.")]
    public async Task A_bad_value_gets_a_french_message(string kind, string value, string message)
    {
        var errors = await SolicitationsTestHost.Host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<IValidator<BlockSenderCommand>>().ValidateAsync(new BlockSenderCommand(kind, value, "Spam", "Alice"))).Errors);

        Assert.That(errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { message }));
    }

    private static Task<string?> SendAsync(BlockSenderCommand command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
