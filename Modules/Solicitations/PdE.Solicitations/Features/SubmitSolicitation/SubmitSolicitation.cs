using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Shared.Validation;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Data;

namespace PdE.Solicitations.Features.SubmitSolicitation;

internal sealed record SubmitSolicitationCommand(
    string FullName,
    string Email,
    string Phone,
    string Siret,
    string Description,
    string SubjectSlug) : ICommand<Guid>;

internal sealed class SubmitSolicitationValidator : AbstractValidator<SubmitSolicitationCommand>
{
    public SubmitSolicitationValidator()
    {
        // One message per field: the first rule that fails says what to fix.
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(c => c.FullName)
            .NotEmpty().WithMessage("Indiquez vos prénom et nom.")
            .MaximumLength(120).WithMessage("Vos prénom et nom ne doivent pas dépasser 120 caractères.");
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez votre adresse électronique.")
            .MaximumLength(254).WithMessage("L’adresse électronique ne doit pas dépasser 254 caractères.")
            .EmailAddress().WithMessage("Indiquez une adresse électronique valide, par exemple nom@domaine.fr.");
        RuleFor(c => c.Phone)
            .NotEmpty().WithMessage("Indiquez un numéro de téléphone pour que le conseiller puisse vous rappeler.")
            .Must(PhoneNumber.IsValid).WithMessage("Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.");
        RuleFor(c => c.Siret)
            .NotEmpty().WithMessage("Indiquez le numéro SIRET de votre établissement.")
            .Matches("^[0-9]{14}$").WithMessage("Le numéro SIRET doit comporter 14 chiffres.")
            .Must(Siret.IsValid)
            .WithMessage("Ce numéro SIRET n’existe pas : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis.");
        RuleFor(c => c.Description)
            .NotEmpty().WithMessage("Décrivez votre besoin en quelques phrases.")
            .MinimumLength(20).WithMessage("Décrivez votre besoin en quelques phrases (20 caractères au moins).")
            .MaximumLength(5000).WithMessage("Votre description ne doit pas dépasser 5 000 caractères.");
        RuleFor(c => c.SubjectSlug).NotEmpty();
    }
}

internal sealed class SubmitSolicitationHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<SubmitSolicitationCommand, Guid>
{
    private const string InsertSolicitation = """
        insert into solicitations.solicitation (id, full_name, email, phone, siret, subject_slug, description, created_at)
        values (@Id, @FullName, @Email, @Phone, @Siret, @SubjectSlug, @Description, @CreatedAt)
        """;

    public async ValueTask<Guid> Handle(SubmitSolicitationCommand command, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(InsertSolicitation, new
        {
            Id = id,
            command.FullName,
            command.Email,
            command.Phone,
            command.Siret,
            command.SubjectSlug,
            command.Description,
            CreatedAt = now,
        }, transaction);
        await transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationSubmitted(
            Guid.CreateVersion7(), id, command.Siret, command.SubjectSlug, command.Description, now));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }
}
