using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.RequestForm;

namespace PdE.Solicitations.Features.FollowUp;

/// <summary>
/// Issues the private follow-up link of a sent request: a new random token (only its hash is stored, replacing any
/// earlier one) and the <see cref="FollowUpLinkIssued"/> event, in the caller's transaction. Links use the configured
/// public address (<see cref="SiteOptions"/>), never the request's Host header.
/// </summary>
internal sealed class FollowUpLinks(IOptions<SiteOptions> site)
{
    private const string Store = """
        update solicitations.solicitation set follow_up_token_hash = @Hash
        where id = @Id and status <> 'draft'
        returning email as Email, full_name as FullName, submitted_at as SubmittedAt
        """;

    public string Url(string token) => site.Value.Url($"suivi/{token}");

    public async Task IssueAsync(NpgsqlTransaction transaction, Guid solicitationId, bool isResend, CancellationToken cancellationToken)
    {
        var token = PrivateLinkToken.Create();
        var requester = await transaction.Connection!.QuerySingleAsync<(string Email, string FullName, DateTime SubmittedAt)>(new CommandDefinition(
            Store, new { Id = solicitationId, Hash = PrivateLinkToken.Hash(token) }, transaction, cancellationToken: cancellationToken));
        await transaction.EnqueueAsync(SolicitationsSchema.Name,
            LinkIssued(solicitationId, requester.Email, requester.FullName, requester.SubmittedAt, token, isResend));
    }

    /// <summary>
    /// The event of a link whose token's hash the caller has just stored with the request itself (the form's last step and
    /// the partner API write it in the same statement as the request: one row version instead of two), for the caller to
    /// write into the outbox with the request's own event.
    /// </summary>
    public FollowUpLinkIssued LinkIssued(Guid solicitationId, string email, string fullName, DateTime submittedAt, string token, bool isResend) =>
        new(Guid.CreateVersion7(), solicitationId, email, fullName, submittedAt, Url(token), isResend);
}
