using System.Text.RegularExpressions;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Shared.Validation;

namespace PdE.Solicitations.Features.Spam.ManageBlocklist;

internal sealed record ListBlockedSendersQuery : IQuery<IReadOnlyList<BlockedSender>>;

/// <param name="Value">As typed: normalised by the handler (lower case, digits only).</param>
internal sealed record BlockSenderCommand(string Kind, string Value, string Reason, string By) : ICommand<string?>;

internal sealed record UnblockSenderCommand(Guid Id) : ICommand<bool>;

internal sealed partial class BlockSenderValidator : AbstractValidator<BlockSenderCommand>
{
    public BlockSenderValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Kind).Must(Blocklist.Kinds.ContainsKey).WithMessage("Choisissez ce qu’il faut bloquer.");
        RuleFor(c => c.Value).NotEmpty().WithMessage("Indiquez la valeur à bloquer.");
        RuleFor(c => c.Value)
            .ValidEmail()
            .When(c => c.Kind == "email" && !string.IsNullOrWhiteSpace(c.Value));
        RuleFor(c => c.Value)
            .Must(v => DomainPattern().IsMatch(v.Trim().TrimStart('@').ToLowerInvariant()))
            .WithMessage("Indiquez un domaine, par exemple exemple.fr (sans « @ » ni adresse).")
            .When(c => c.Kind == "domain" && !string.IsNullOrWhiteSpace(c.Value));
        RuleFor(c => c.Value)
            .Must(v => Siret.IsValid(Digits(v))).WithMessage("Ce numéro SIRET n’est pas valide : 14 chiffres attendus.")
            .When(c => c.Kind == "siret" && !string.IsNullOrWhiteSpace(c.Value));
        RuleFor(c => c.Value)
            .Must(v => Digits(v).Length == 9).WithMessage("Un SIREN comporte 9 chiffres.")
            .When(c => c.Kind == "siren" && !string.IsNullOrWhiteSpace(c.Value));
        RuleFor(c => c.Reason)
            .NotEmpty().WithMessage("Indiquez pourquoi, pour l’équipe : par exemple « envois publicitaires répétés ».")
            .MaximumLength(300).WithMessage("La raison ne doit pas dépasser 300 caractères.");
    }

    public static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    [GeneratedRegex("^[a-z0-9-]+(\\.[a-z0-9-]+)+$")]
    private static partial Regex DomainPattern();
}

internal sealed class ListBlockedSendersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListBlockedSendersQuery, IReadOnlyList<BlockedSender>>
{
    public async ValueTask<IReadOnlyList<BlockedSender>> Handle(ListBlockedSendersQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<BlockedSender>("""
            select id as Id, kind as Kind, value as Value, reason as Reason, created_by as CreatedBy, created_at as CreatedAt
            from solicitations.blocked_sender order by created_at desc
            """)).AsList();
    }
}

/// <summary>Adds an entry; answers a French refusal when it is already there.</summary>
internal sealed class BlockSenderHandler(NpgsqlDataSource dataSource) : ICommandHandler<BlockSenderCommand, string?>
{
    public async ValueTask<string?> Handle(BlockSenderCommand command, CancellationToken cancellationToken)
    {
        var value = command.Kind switch
        {
            "siret" or "siren" => BlockSenderValidator.Digits(command.Value),
            "domain" => command.Value.Trim().TrimStart('@').ToLowerInvariant(),
            _ => command.Value.Trim().ToLowerInvariant(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync("""
            insert into solicitations.blocked_sender (id, kind, value, reason, created_by) values (@Id, @Kind, @value, @Reason, @By)
            on conflict (kind, value) do nothing
            """, new { Id = Guid.CreateVersion7(), command.Kind, value, Reason = command.Reason.Trim(), command.By });
        return inserted == 0 ? $"« {value} » est déjà dans la liste." : null;
    }
}

internal sealed class UnblockSenderHandler(NpgsqlDataSource dataSource) : ICommandHandler<UnblockSenderCommand, bool>
{
    public async ValueTask<bool> Handle(UnblockSenderCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync("delete from solicitations.blocked_sender where id = @Id", new { command.Id }) > 0;
    }
}
