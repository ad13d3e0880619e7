using System.Globalization;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Validation;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Features.RequestForm.ChooseCompany;

/// <summary>Step 2, usual case: the establishment the request is for, picked from the search results or typed as a SIRET.</summary>
internal sealed record ChooseEstablishmentCommand(Guid Id, string Siret) : ICommand<EstablishmentChoice>;

internal enum EstablishmentChoice
{
    /// <summary>Saved with the registry's facts.</summary>
    Saved,

    /// <summary>The registry could not be asked: saved with the SIRET alone and flagged <c>registry_pending</c>.</summary>
    SavedPendingRegistry,
    NotFound,
    Closed,
    Abroad,
}

/// <summary>The refusals of step 2, in French, one per case.</summary>
internal static class EstablishmentMessages
{
    public const string NotFound = "Nous ne trouvons aucun établissement avec ce numéro SIRET : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis.";
    public const string Closed = "Cet établissement est fermé d’après le répertoire des entreprises : choisissez un établissement en activité.";
    public const string Abroad = "Cet établissement est situé à l’étranger : le service aide les entreprises établies en France.";

    public static string? For(EstablishmentChoice choice) => choice switch
    {
        EstablishmentChoice.NotFound => NotFound,
        EstablishmentChoice.Closed => Closed,
        EstablishmentChoice.Abroad => Abroad,
        _ => null,
    };
}

internal sealed class ChooseEstablishmentValidator : AbstractValidator<ChooseEstablishmentCommand>
{
    public ChooseEstablishmentValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Siret)
            .NotEmpty().WithMessage("Choisissez votre établissement, ou indiquez son numéro SIRET.")
            .Matches("^[0-9]{14}$").WithMessage("Le numéro SIRET doit comporter 14 chiffres.")
            .Must(Siret.IsValid)
            .WithMessage("Ce numéro SIRET n’existe pas : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis.");
    }
}

internal sealed class ChooseEstablishmentHandler(
    NpgsqlDataSource dataSource, ICompanyRegistry registry, TimeProvider clock, ILogger<ChooseEstablishmentHandler> logger)
    : ICommandHandler<ChooseEstablishmentCommand, EstablishmentChoice>
{
    // Choosing a company replaces a commune chosen earlier (the person changed their mind on the subject's path).
    private const string SaveEstablishment = """
        update solicitations.solicitation
        set siret = @Siret, company_name = @CompanyName, commune_code = @CommuneCode, naf_code = @NafCode,
            legal_form_code = @LegalFormCode, headcount_bracket = @HeadcountBracket, company_created_on = @CreatedOn,
            registry_pending = @RegistryPending, amount = null, updated_at = @Now
        where id = @Id and status = 'draft'
        """;

    public async ValueTask<EstablishmentChoice> Handle(ChooseEstablishmentCommand command, CancellationToken cancellationToken)
    {
        var lookup = await registry.GetEstablishmentAsync(command.Siret, cancellationToken);
        var choice = ChoiceOf(lookup);
        if (choice is not (EstablishmentChoice.Saved or EstablishmentChoice.SavedPendingRegistry))
        {
            return choice;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SaveAsync(connection, null, command, lookup, clock.GetUtcNow().UtcDateTime, logger, cancellationToken);
        return choice;
    }

    /// <summary>What the form makes of the registry's answer: saved (with its facts, or pending), or refused and why.</summary>
    public static EstablishmentChoice ChoiceOf(EstablishmentLookup lookup) => lookup switch
    {
        { RegistryUnavailable: true } => EstablishmentChoice.SavedPendingRegistry,
        { Establishment: null } => EstablishmentChoice.NotFound,
        { Establishment.IsAbroad: true } => EstablishmentChoice.Abroad,
        { Establishment.IsOpen: false } => EstablishmentChoice.Closed,
        _ => EstablishmentChoice.Saved,
    };

    /// <summary>
    /// Saves an establishment <see cref="ChoiceOf"/> accepted on the caller's connection: the form saves this step on its
    /// own, the partner API inside its one transaction (<paramref name="transaction"/>).
    /// </summary>
    public static async Task SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, ChooseEstablishmentCommand command, EstablishmentLookup lookup, DateTime now,
        ILogger logger, CancellationToken cancellationToken)
    {
        if (lookup.RegistryUnavailable)
        {
            logger.LogWarning("Company registry unavailable: request {SolicitationId} keeps SIRET {Siret} alone, flagged registry_pending", command.Id, command.Siret);
        }

        var establishment = lookup.Establishment;
        await connection.ExecuteAsync(new CommandDefinition(SaveEstablishment, new
        {
            command.Id,
            command.Siret,
            CompanyName = establishment?.CompanyName,
            CommuneCode = establishment?.CommuneCode,
            NafCode = establishment?.NafCode,
            LegalFormCode = establishment?.LegalFormCode,
            HeadcountBracket = establishment?.HeadcountBracket,
            CreatedOn = establishment?.CreatedOn,
            RegistryPending = lookup.RegistryUnavailable,
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
    }
}

/// <summary>
/// Step 2 for subjects that ask where and how much instead of which company (a project without a company yet).
/// The page resolves the postcode to communes through the Directory; <paramref name="CommuneCandidates"/> says how many matched.
/// </summary>
internal sealed record SetProjectPlaceCommand(
    Guid Id, string Postcode, string? CommuneCode, int CommuneCandidates, bool AsksAmount, string Amount) : ICommand
{
    /// <summary>"50 000", "50000 €" → 50000; null when it is not a whole number of euros.</summary>
    public int? AmountInEuros =>
        int.TryParse(new string(Amount.Where(c => !char.IsWhiteSpace(c) && c is not '€' and not '.').ToArray()),
            NumberStyles.None, CultureInfo.InvariantCulture, out var euros) ? euros : null;
}

internal sealed class SetProjectPlaceValidator : AbstractValidator<SetProjectPlaceCommand>
{
    public SetProjectPlaceValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Postcode)
            .NotEmpty().WithMessage("Indiquez le code postal de la commune de votre projet.")
            .Matches("^[0-9]{5}$").WithMessage("Le code postal doit comporter 5 chiffres, par exemple 35000.")
            .Must((c, _) => c.CommuneCandidates > 0).WithMessage("Aucune commune n’a ce code postal : vérifiez-le.");
        RuleFor(c => c.CommuneCode)
            .NotEmpty().WithMessage("Plusieurs communes ont ce code postal : choisissez la vôtre.")
            .When(c => c.CommuneCandidates > 1);
        RuleFor(c => c.Amount)
            .NotEmpty().WithMessage("Indiquez le montant recherché, en euros.")
            .Must((c, _) => c.AmountInEuros is > 0).WithMessage("Indiquez le montant en euros, en chiffres, par exemple 50 000.")
            .When(c => c.AsksAmount);
    }
}

internal sealed class SetProjectPlaceHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<SetProjectPlaceCommand>
{
    private const string SavePlace = """
        update solicitations.solicitation
        set commune_code = @CommuneCode, amount = @Amount, siret = null, company_name = null, naf_code = null, legal_form_code = null,
            headcount_bracket = null, company_created_on = null, registry_pending = false, updated_at = @Now
        where id = @Id and status = 'draft'
        """;

    public async ValueTask<Unit> Handle(SetProjectPlaceCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SavePlace, new
        {
            command.Id,
            command.CommuneCode,
            Amount = command.AsksAmount ? command.AmountInEuros : null,
            Now = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: cancellationToken));
        return Unit.Value;
    }
}
