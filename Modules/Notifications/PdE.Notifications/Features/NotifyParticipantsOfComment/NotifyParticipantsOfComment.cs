using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.NotifyParticipantsOfComment;

/// <summary>
/// E-mails a message written on a need's discussion to each participant Matching named (never its author): who wrote,
/// about which company and subject, the message itself, and a link to the need page to answer there. All the e-mails of
/// one message are written together, once: a redelivered event writes nothing.
/// </summary>
internal sealed class NotifyParticipantsOfCommentHandler(EmailQueue emails, IOptions<SiteOptions> site) : INotificationHandler<NeedCommentPosted>
{
    public async ValueTask Handle(NeedCommentPosted posted, CancellationToken cancellationToken) =>
        await emails.QueueAllAsync(posted.EventId, nameof(NotifyParticipantsOfCommentHandler),
            posted.Recipients.Select(recipient => (
                new OutgoingEmail("NeedCommentPosted", recipient.Email, Subject(posted), posted.CommentId),
                (object)new
                {
                    RecipientName = recipient.Name,
                    posted.AuthorName,
                    posted.AuthorLabel,
                    posted.Text,
                    CompanyName = posted.CompanyName ?? "",
                    SubjectLabel = posted.SubjectLabel ?? "",
                    PostedOn = French.LongDateAndTime(posted.PostedAt),
                    NeedUrl = site.Value.Url(posted.NeedPath),
                })).ToList(),
            cancellationToken);

    // Who wrote and about which company, so the message is found among the need's other e-mails.
    private static string Subject(NeedCommentPosted posted) => posted.CompanyName is { } company
        ? $"Nouveau message de {posted.AuthorName} sur le besoin de {company}"
        : $"Nouveau message de {posted.AuthorName} sur un besoin que vous suivez";
}
