using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Notifications.Features.ListEmails;

/// <summary>The e-mails the site wrote, newest first, 50 a page: an admin sees what went out, what waits and what never can.</summary>
/// <param name="Status">pending, sent or undeliverable; null for all.</param>
/// <param name="Search">Words of the recipient's address or the subject, accents and case ignored.</param>
/// <param name="Template">One kind of e-mail (its template's name); null for all.</param>
internal sealed record ListEmailsQuery(string? Status, string? Search, string? Template, int Page) : IQuery<EmailPage>;

internal sealed record EmailPage(IReadOnlyList<EmailRow> Rows, int Total, int Page, int PageCount, IReadOnlyDictionary<string, int> Undeliverable);

internal sealed record EmailRow(
    Guid Id, string Template, string Recipient, string Subject, string Status, string? Failure, DateTime CreatedAt, DateTime? SentAt);

/// <summary>The French words for what the table stores.</summary>
internal static class EmailLabels
{
    public static readonly IReadOnlyList<(string Status, string Label)> Statuses =
    [
        ("pending", "En attente d’envoi"), ("sent", "Envoyé"), ("undeliverable", "Non distribuable"),
    ];

    public static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>
    {
        ["CompanyNotice"] = "Réponse d’un conseiller, à l’entreprise",
        ["FollowUpLinkIssued"] = "Lien de suivi d’une demande",
        ["MatchCreated"] = "Nouveau besoin, au conseiller",
        ["NeedCommentPosted"] = "Message dans la discussion d’un besoin",
        ["PasswordResetRequested"] = "Nouveau mot de passe",
        ["SolicitationCanceled"] = "Réponse de l’équipe à une demande",
        ["UserInvited"] = "Invitation d’un agent",
    };

    public static string Status(string status) => Statuses.FirstOrDefault(s => s.Status == status).Label ?? status;

    public static string Template(string template) => Templates.GetValueOrDefault(template, template);
}

internal sealed class ListEmailsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListEmailsQuery, EmailPage>
{
    public const int PageSize = 50;

    private static readonly string Filter = $"""
        from notifications.email
        where (@Status::text is null or status = @Status)
          and (@Template::text is null or template = @Template)
          and {TextSearch.ContainsAll("recipient || ' ' || subject", "Words")}
        """;

    private static readonly string Count = $"select count(*)::int {Filter}";

    private static readonly string Rows = $"""
        select id as Id, template as Template, recipient as Recipient, subject as Subject, status as Status, failure as Failure,
               created_at as CreatedAt, sent_at as SentAt
        {Filter}
        order by created_at desc, id desc
        limit @Limit offset @Offset
        """;

    // The banner of the page: undeliverable e-mails by kind, whatever the filters, so that none goes unnoticed.
    private const string UndeliverableByTemplate = "select template, count(*)::int from notifications.email where status = 'undeliverable' group by template";

    public async ValueTask<EmailPage> Handle(ListEmailsQuery query, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new
        {
            Status = EmailLabels.Statuses.Any(s => s.Status == query.Status) ? query.Status : null,
            Template = string.IsNullOrWhiteSpace(query.Template) ? null : query.Template,
            Words = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Count, parameters, cancellationToken: cancellationToken));
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        parameters.AddDynamicParams(new { Limit = PageSize, Offset = (page - 1) * PageSize });
        var rows = total == 0 ? [] : (await connection.QueryAsync<EmailRow>(new CommandDefinition(Rows, parameters, cancellationToken: cancellationToken))).AsList();
        var undeliverable = (await connection.QueryAsync<(string Template, int Count)>(
            new CommandDefinition(UndeliverableByTemplate, cancellationToken: cancellationToken))).ToDictionary(u => u.Template, u => u.Count);
        return new EmailPage(rows, total, page, pageCount, undeliverable);
    }
}
