using PdE.Shared.Validation;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.FollowUp.ResendFollowUpLinks;

/// <summary>Sends again the follow-up links of the requests sent from this address in the last year (new links replace the old).</summary>
internal sealed record ResendFollowUpLinksCommand(string Email) : ICommand<int>;

internal sealed class ResendFollowUpLinksValidator : AbstractValidator<ResendFollowUpLinksCommand>
{
    public ResendFollowUpLinksValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez l’adresse électronique utilisée pour votre demande.")
            .MaximumLength(254).WithMessage("L’adresse électronique ne doit pas dépasser 254 caractères.")
            .ValidEmail();
    }
}

internal sealed class ResendFollowUpLinksHandler(NpgsqlDataSource dataSource, FollowUpLinks followUp, TimeProvider clock)
    : ICommandHandler<ResendFollowUpLinksCommand, int>
{
    // At most the five latest: an address cannot be used to flood its owner's mailbox.
    private const string Requests = """
        select id from solicitations.solicitation
        where lower(email) = lower(@Email) and status <> 'draft' and submitted_at > @Since
        order by submitted_at desc
        limit 5
        for update
        """;

    /// <returns>How many links were sent (never shown: the page says the same thing whatever the address).</returns>
    public async ValueTask<int> Handle(ResendFollowUpLinksCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(Requests,
            new { Email = command.Email.Trim(), Since = clock.GetUtcNow().UtcDateTime.AddYears(-1) }, transaction)).AsList();
        foreach (var id in ids)
        {
            await followUp.IssueAsync(transaction, id, isResend: true, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }
}
