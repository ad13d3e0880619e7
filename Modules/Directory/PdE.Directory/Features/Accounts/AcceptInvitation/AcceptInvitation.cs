using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.AcceptInvitation;

internal sealed record CheckInvitationQuery(string Token) : IQuery<bool>;

internal sealed record AcceptInvitationCommand(string Token, string Password, string Confirmation) : ICommand<SignedInUser?>;

internal sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitationCommand>
{
    public AcceptInvitationValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Password).NewPassword();
        RuleFor(c => c.Confirmation).Equal(c => c.Password).WithMessage("Les deux mots de passe saisis sont différents.");
    }
}

internal sealed class AcceptInvitationHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<AcceptInvitationCommand, SignedInUser?>, IQueryHandler<CheckInvitationQuery, bool>
{
    public async ValueTask<SignedInUser?> Handle(AcceptInvitationCommand command, CancellationToken cancellationToken) =>
        await PasswordTokenRedemption.RedeemAsync(dataSource, command.Token, UserTokens.Invitation, command.Password, clock.GetUtcNow().UtcDateTime, cancellationToken);

    public async ValueTask<bool> Handle(CheckInvitationQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UserTokens.IsUsableAsync(connection, query.Token, UserTokens.Invitation, clock.GetUtcNow().UtcDateTime);
    }
}
