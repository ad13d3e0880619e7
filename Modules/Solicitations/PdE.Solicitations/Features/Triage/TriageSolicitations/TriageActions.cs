using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>The requests an action applies to (one from its page, or those ticked on the desk), and who acts.</summary>
internal sealed record TriageSelection(IReadOnlyList<Guid> Ids, string Actor);

/// <summary>What an action did, or why it was refused (then nothing changed), in French.</summary>
internal sealed record TriageResult(bool Succeeded, string Message)
{
    public static TriageResult Refused(string message) => new(false, message);

    public static TriageResult Done(string message) => new(true, message);

    /// <summary>"1 demande validée." or "3 demandes validées."</summary>
    public static TriageResult Done(int count, string one, string many) => Done(count == 1 ? $"1 {one}." : $"{count} {many}.");
}

/// <summary>A sent request as an action finds it, locked until the action's transaction ends.</summary>
internal sealed record LockedRequest(
    Guid Id, string Status, string FullName, string Email, string? Siret, string SubjectSlug, string? CommuneCode, string? Description,
    string? CompanyName, string? NafCode, string? LegalFormCode, string? HeadcountBracket, DateOnly? CreatedOn,
    int? Amount, bool RegistryPending, DateTime SubmittedAt, string? BlockedReason, string AnswersJson, bool? InRcs, bool? InRm)
{
    public IReadOnlyList<SubjectAnswer> Answers => TriageFormat.Answers(AnswersJson);

    public CompanyFacts? Company => Siret is null ? null : new CompanyFacts(CompanyName, NafCode, LegalFormCode, HeadcountBracket, CreatedOn);
}

/// <summary>
/// The transaction of one triage action: the action locks its requests, is refused as a whole when one of them cannot take
/// it (nothing half done), then changes them and records one timeline entry per request before it commits.
/// </summary>
internal sealed class TriageTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    private const string Lock = """
        select id as Id, status as Status, full_name as FullName, email as Email, siret as Siret, subject_slug as SubjectSlug,
               commune_code as CommuneCode, description as Description, company_name as CompanyName, naf_code as NafCode,
               legal_form_code as LegalFormCode, headcount_bracket as HeadcountBracket, company_created_on as CreatedOn,
               amount as Amount, registry_pending as RegistryPending, submitted_at as SubmittedAt, blocked_reason as BlockedReason,
               answers::text as AnswersJson, in_rcs as InRcs, in_rm as InRm
        from solicitations.solicitation
        where id = any(@Ids) and status <> 'draft'
        order by id
        for update
        """;

    private const string Record = """
        insert into solicitations.solicitation_event (id, solicitation_id, occurred_at, actor, action, detail)
        select gen_random_uuid(), unnest(@Ids), @Now, @Actor, @Action, @Detail
        """;

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    /// <summary>The requests locked, in id order.</summary>
    public IReadOnlyList<LockedRequest> Requests { get; private set; } = [];

    public Guid[] Ids => [.. Requests.Select(r => r.Id)];

    public static async Task<TriageTransaction> BeginAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return new TriageTransaction(connection, await connection.BeginTransactionAsync(cancellationToken));
    }

    /// <summary>
    /// Locks the requests (see <see cref="Requests"/>), or says why the action is refused: none selected, one gone, or one
    /// not in <paramref name="requiredStatus"/> ("received" or "blocked"; null for any status).
    /// </summary>
    public async Task<TriageResult?> LockAsync(IReadOnlyList<Guid> selected, string? requiredStatus)
    {
        var ids = selected.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return TriageResult.Refused("Cochez au moins une demande.");
        }

        var requests = (await connection.QueryAsync<LockedRequest>(Lock, new { Ids = ids }, transaction)).AsList();
        if (requests.Count != ids.Length)
        {
            return TriageResult.Refused("Une des demandes n’existe plus : rechargez la page.");
        }

        var others = requiredStatus is null ? 0 : requests.Count(r => r.Status != requiredStatus);
        if (others == 0)
        {
            Requests = requests;
            return null;
        }

        return TriageResult.Refused((requiredStatus, others == 1 && requests.Count == 1) switch
        {
            ("blocked", true) => "Cette demande n’est pas mise de côté : il n’y a rien à remettre dans les reçues. Rien n’a été fait.",
            ("blocked", false) => $"{others} des demandes cochées ne sont pas mises de côté : rien n’a été fait. Décochez-les et recommencez.",
            (_, true) => "Cette demande n’est plus à traiter : elle a déjà été mise en relation, abandonnée ou mise de côté. Rien n’a été fait.",
            (_, false) => $"{others} des demandes cochées ne sont plus à traiter (déjà mises en relation, abandonnées ou mises de côté) : rien n’a été fait. Décochez-les et recommencez.",
        });
    }

    /// <summary>One entry on the timeline of each of these requests.</summary>
    public Task RecordAsync(IEnumerable<Guid> ids, DateTime now, string actor, string action, string? detail) =>
        connection.ExecuteAsync(Record, new { Ids = ids.ToArray(), Now = now, Actor = actor, Action = action, Detail = detail }, transaction);

    public async ValueTask DisposeAsync()
    {
        // Not committed by then: rolled back, so a refused or failed action leaves every request as it was.
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
