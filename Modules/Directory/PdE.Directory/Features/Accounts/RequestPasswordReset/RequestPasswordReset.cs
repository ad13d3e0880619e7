using PdE.Shared.Validation;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Shared.Outbox;

namespace PdE.Directory.Features.Accounts.RequestPasswordReset;

internal sealed record RequestPasswordResetCommand(string Email) : ICommand;

internal sealed class RequestPasswordResetValidator : AbstractValidator<RequestPasswordResetCommand>
{
    public RequestPasswordResetValidator() =>
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez votre adresse électronique.")
            .ValidEmail();
}

/// <summary>Sends a one-hour link when the address belongs to an account, and does nothing otherwise (the page says the same thing).</summary>
internal sealed class RequestPasswordResetHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links)
    : ICommandHandler<RequestPasswordResetCommand>
{
    public async ValueTask<Unit> Handle(RequestPasswordResetCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await connection.QuerySingleOrDefaultAsync<Recipient>(new CommandDefinition(
            "select id, email, full_name as FullName from directory.user_account where lower(email) = lower(@Email) and deleted_at is null",
            new { command.Email }, transaction, cancellationToken: cancellationToken));
        if (found is null)
        {
            return Unit.Value;
        }

        var expiresAt = now + AccountRules.PasswordResetLifetime;
        var token = await UserTokens.IssueAsync(transaction, found.Id, UserTokens.PasswordReset, expiresAt, cancellationToken);
        await transaction.EnqueueAsync(DirectorySchema.Name, new PasswordResetRequested(
            Guid.CreateVersion7(), found.Id, found.Email, found.FullName, links.PasswordReset(token), expiresAt));
        await transaction.CommitAsync(cancellationToken);
        return Unit.Value;
    }

    private sealed record Recipient(Guid Id, string Email, string FullName);
}
