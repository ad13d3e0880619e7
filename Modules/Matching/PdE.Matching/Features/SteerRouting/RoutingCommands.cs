using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Routing;
using PdE.Shared.Text;

namespace PdE.Matching.Features.SteerRouting;

/// <summary>What a routing action did, or why it was refused (then nothing changed), in French.</summary>
internal sealed record RoutingResult(bool Succeeded, string Message)
{
    public static RoutingResult Done(string message) => new(true, message);

    public static RoutingResult Refused(string message) => new(false, message);
}

/// <summary>The team adds any expert of the directory to a need: a draft before the need is sent, sent at once after.</summary>
internal sealed record AddExpertToNeedCommand(Guid SolicitationId, Guid NeedId, Guid ExpertId, string Actor) : ICommand<RoutingResult>;

/// <summary>The team adds a need with another subject to the request; routing proposes its experts as drafts.</summary>
internal sealed record AddNeedCommand(Guid SolicitationId, string? SubjectSlug, string Actor) : ICommand<RoutingResult>;

/// <summary>
/// « Transmettre »: the ticked drafts are sent, the unticked ones dropped; every need not sent yet must keep at least one
/// expert, or nothing is sent.
/// </summary>
internal sealed record SendDraftsCommand(Guid SolicitationId, IReadOnlyCollection<Guid> Ticked, string Actor) : ICommand<RoutingResult>;

/// <summary>A team member follows a need of the request (« Suivis ») or stops following it.</summary>
/// <param name="SolicitationId">The request whose routing page the action comes from: a need of another request is refused.</param>
internal sealed record FollowNeedCommand(Guid SolicitationId, Guid NeedId, Guid UserId, bool Follow) : ICommand<RoutingResult>;

internal sealed class RoutingCommandsHandler(
    NpgsqlDataSource dataSource, IMediator mediator, RoutingProposer proposer, NeedDrafts drafts, TimeProvider clock,
    ILogger<RoutingCommandsHandler> logger)
    : ICommandHandler<AddExpertToNeedCommand, RoutingResult>, ICommandHandler<AddNeedCommand, RoutingResult>,
      ICommandHandler<SendDraftsCommand, RoutingResult>, ICommandHandler<FollowNeedCommand, RoutingResult>
{
    // Locked in a fixed order, so two team members acting on the same request wait for each other.
    private const string LockNeeds = $"""
        select {RoutedNeed.Columns}
        from matching.need where solicitation_id = @SolicitationId
        order by id
        for update
        """;

    private const string Matches = """
        select id as MatchId, need_id as NeedId, expert_id as ExpertId, expert_name as ExpertName, sent_at as SentAt
        from matching.match where need_id = any(@NeedIds)
        """;

    private const string DropDrafts = "delete from matching.match where need_id = @NeedId and sent_at is null and not (id = any(@Keep))";

    private const string InsertNeed = """
        insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, naf_code, headcount_bracket,
                                   company_created_on, legal_form_code, in_rcs, in_rm, description, status, created_at, requested_at, answers)
        values (@Id, @SolicitationId, @SubjectSlug, @Siret, @CompanyName, @CommuneCode, @NafCode, @HeadcountBracket,
                @CompanyCreatedOn, @LegalFormCode, @InRcs, @InRm, @Description, 'no_expert', @Now, @RequestedAt, '[]')
        """;

    private const string Follow = """
        insert into matching.need_follower (need_id, user_id, followed_at)
        values (@NeedId, @UserId, @Now)
        on conflict do nothing
        """;

    private const string Unfollow = "delete from matching.need_follower where need_id = @NeedId and user_id = @UserId";

    private const string NeedOfRequest = "select exists (select 1 from matching.need where id = @NeedId and solicitation_id = @SolicitationId)";

    public async ValueTask<RoutingResult> Handle(AddExpertToNeedCommand command, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetExpert(command.ExpertId), cancellationToken) is not { } expert)
        {
            return RoutingResult.Refused("Ce conseiller n’existe plus dans l’annuaire : relancez la recherche.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var needs = (await connection.QueryAsync<RoutedNeed>(
            new CommandDefinition(LockNeeds, new { command.SolicitationId }, transaction, cancellationToken: cancellationToken))).AsList();
        if (needs.FirstOrDefault(n => n.Id == command.NeedId) is not { } need)
        {
            return RoutingResult.Refused("Ce besoin n’existe pas pour cette demande : rechargez la page.");
        }

        var matches = (await connection.QueryAsync<ExistingMatch>(
            new CommandDefinition(Matches, new { NeedIds = new[] { need.Id } }, transaction, cancellationToken: cancellationToken))).AsList();
        if (matches.Any(m => m.ExpertId == expert.ExpertId))
        {
            return RoutingResult.Refused($"{expert.FullName} est déjà sur ce besoin.");
        }

        var explanation = $"Ajouté à la main par {command.Actor}"
            + (expert.HasAccount ? "" : " ; sans compte : recevra l’e-mail mais ne pourra pas répondre sur le site");
        var added = await NeedDrafts.AddAsync(transaction, need.Id, [new DraftExpert(
            expert.ExpertId, expert.FullName, expert.Email, expert.AntenneId, expert.AntenneName, expert.InstitutionId, expert.InstitutionName,
            explanation, expert.HasAccount, command.Actor)], now, cancellationToken);
        // Once the need has reached someone, an expert added after the fact is sent the need at once.
        var sendNow = matches.Any(m => m.SentAt is not null);
        if (sendNow)
        {
            await drafts.SendAsync(transaction, need, added, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Actor} added expert {ExpertId} to need {NeedId} ({Sent})", command.Actor, expert.ExpertId, need.Id, sendNow ? "sent" : "draft");
        return RoutingResult.Done(sendNow
            ? $"{French.AgentOf(expert.FullName, expert.InstitutionName)}, a été ajouté et a reçu le besoin par e-mail."
            : $"{French.AgentOf(expert.FullName, expert.InstitutionName)}, a été ajouté à la proposition : transmettez pour lui envoyer le besoin.");
    }

    public async ValueTask<RoutingResult> Handle(AddNeedCommand command, CancellationToken cancellationToken)
    {
        var slug = command.SubjectSlug?.Trim();
        var subjects = (await mediator.Send(new GetPublicCatalogue(), cancellationToken)).SelectMany(t => t.Subjects).ToList();
        if (string.IsNullOrEmpty(slug) || subjects.FirstOrDefault(s => s.Slug == slug) is not { } subject)
        {
            return RoutingResult.Refused("Choisissez le sujet du nouveau besoin dans la liste.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var needs = (await connection.QueryAsync<RoutedNeed>(
            new CommandDefinition(LockNeeds, new { command.SolicitationId }, transaction, cancellationToken: cancellationToken))).AsList();
        if (needs.Count == 0)
        {
            return RoutingResult.Refused("Cette demande n’a pas encore de besoin : rechargez la page dans un instant.");
        }

        if (needs.Any(n => n.SubjectSlug == slug))
        {
            return RoutingResult.Refused($"Cette demande a déjà un besoin « {subject.Label} ».");
        }

        // The company and the requester's words are the request's; the subject is the team's.
        var first = needs.OrderBy(n => n.Id).First();
        var need = new RoutedNeed
        {
            Id = Guid.CreateVersion7(), SolicitationId = command.SolicitationId, SubjectSlug = slug, Siret = first.Siret, CompanyName = first.CompanyName,
            CommuneCode = first.CommuneCode, NafCode = first.NafCode, HeadcountBracket = first.HeadcountBracket, CompanyCreatedOn = first.CompanyCreatedOn,
            LegalFormCode = first.LegalFormCode, InRcs = first.InRcs, InRm = first.InRm, Description = first.Description, RequestedAt = first.RequestedAt,
        };
        var proposal = await proposer.ProposeAsync(need.ForRouting(DateOnly.FromDateTime(now)), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertNeed, new
        {
            need.Id, need.SolicitationId, need.SubjectSlug, need.Siret, need.CompanyName, need.CommuneCode, need.NafCode, need.HeadcountBracket,
            need.CompanyCreatedOn, need.LegalFormCode, need.InRcs, need.InRm, need.Description, Now = now, need.RequestedAt,
        }, transaction, cancellationToken: cancellationToken));
        await NeedDrafts.AddAsync(transaction, need.Id, proposal.Proposed.Select(DraftExpert.Proposed), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("{Actor} added need {NeedId} ({Subject}) to request {SolicitationId}", command.Actor, need.Id, slug, command.SolicitationId);
        return RoutingResult.Done(proposal.Proposed.Count == 0
            ? $"Besoin « {subject.Label} » ajouté. Aucun conseiller n’est proposé : ajoutez-en un avant de transmettre."
            : $"Besoin « {subject.Label} » ajouté avec {French.Count(proposal.Proposed.Count, "conseiller proposé", "conseillers proposés")} : vérifiez puis transmettez.");
    }

    public async ValueTask<RoutingResult> Handle(SendDraftsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var needs = (await connection.QueryAsync<RoutedNeed>(
            new CommandDefinition(LockNeeds, new { command.SolicitationId }, transaction, cancellationToken: cancellationToken))).AsList();
        var matches = (await connection.QueryAsync<ExistingMatch>(
            new CommandDefinition(Matches, new { NeedIds = needs.Select(n => n.Id).ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        var ticked = command.Ticked.ToHashSet();
        var toSend = needs
            .Select(n => (Need: n, Sent: matches.Any(m => m.NeedId == n.Id && m.SentAt is not null),
                Drafts: matches.Where(m => m.NeedId == n.Id && m.SentAt is null).ToList()))
            .Where(n => !n.Sent || n.Drafts.Count > 0)
            .ToList();
        if (toSend.Count == 0)
        {
            return RoutingResult.Refused("Il n’y a rien à transmettre : chaque besoin de cette demande a déjà été envoyé.");
        }

        var labels = (await mediator.Send(new GetPublicCatalogue(), cancellationToken)).SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
        var empty = toSend.Where(n => !n.Sent && !n.Drafts.Any(d => ticked.Contains(d.MatchId))).ToList();
        if (empty.Count > 0)
        {
            var names = string.Join(", ", empty.Select(n => $"« {labels.GetValueOrDefault(n.Need.SubjectSlug, n.Need.SubjectSlug)} »"));
            return RoutingResult.Refused(empty.Count == 1
                ? $"Le besoin {names} n’a aucun conseiller coché : cochez-en au moins un ou ajoutez-en un. Rien n’a été transmis."
                : $"Les besoins {names} n’ont aucun conseiller coché : cochez-en au moins un par besoin ou ajoutez-en. Rien n’a été transmis.");
        }

        var sent = 0;
        foreach (var (need, _, needDrafts) in toSend)
        {
            var keep = needDrafts.Where(d => ticked.Contains(d.MatchId)).Select(d => d.MatchId).ToArray();
            await connection.ExecuteAsync(new CommandDefinition(DropDrafts, new { NeedId = need.Id, Keep = keep }, transaction, cancellationToken: cancellationToken));
            sent += keep.Length == 0 ? 0 : await drafts.SendAsync(transaction, need, keep, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Actor} sent request {SolicitationId}: {Count} matches", command.Actor, command.SolicitationId, sent);
        return RoutingResult.Done(sent == 1 ? "Demande transmise à 1 conseiller, prévenu par e-mail." : $"Demande transmise à {sent} conseillers, prévenus par e-mail.");
    }

    public async ValueTask<RoutingResult> Handle(FollowNeedCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Like every action of the routing page, only on a need of the page's request: another request's need id is refused.
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(NeedOfRequest, command, cancellationToken: cancellationToken)))
        {
            logger.LogWarning("User {UserId} refused to {Action} need {NeedId}: not a need of request {SolicitationId}",
                command.UserId, command.Follow ? "follow" : "unfollow", command.NeedId, command.SolicitationId);
            return RoutingResult.Refused("Ce besoin n’appartient pas à cette demande : rechargez la page.");
        }

        await connection.ExecuteAsync(new CommandDefinition(command.Follow ? Follow : Unfollow,
            new { command.NeedId, command.UserId, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        return RoutingResult.Done(command.Follow ? "Besoin ajouté à vos suivis." : "Besoin retiré de vos suivis.");
    }

    private sealed class ExistingMatch
    {
        public Guid MatchId { get; init; }
        public Guid NeedId { get; init; }
        public Guid ExpertId { get; init; }
        public string ExpertName { get; init; } = "";
        public DateTime? SentAt { get; init; }
    }
}
