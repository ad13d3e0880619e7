using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.ResetPassword;

internal sealed record CheckPasswordResetQuery(string Token) : IQuery<bool>;

internal sealed record ResetPasswordCommand(string Token, string Password, string Confirmation) : ICommand<SignedInUser?>;

internal sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Password).NewPassword();
        RuleFor(c => c.Confirmation).Equal(c => c.Password).WithMessage("Les deux mots de passe saisis sont différents.");
    }
}

internal sealed class ResetPasswordHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<ResetPasswordCommand, SignedInUser?>, IQueryHandler<CheckPasswordResetQuery, bool>
{
    public async ValueTask<SignedInUser?> Handle(ResetPasswordCommand command, CancellationToken cancellationToken) =>
        await PasswordTokenRedemption.RedeemAsync(dataSource, command.Token, UserTokens.PasswordReset, command.Password, clock.GetUtcNow().UtcDateTime, cancellationToken);

    public async ValueTask<bool> Handle(CheckPasswordResetQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UserTokens.IsUsableAsync(connection, query.Token, UserTokens.PasswordReset, clock.GetUtcNow().UtcDateTime);
    }
}
