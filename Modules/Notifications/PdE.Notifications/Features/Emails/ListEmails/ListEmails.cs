using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Notifications.Features.Emails.ListEmails;

/// <summary>The e-mails the site wrote, newest first, 50 a page: an admin sees what went out, what waits and what failed.</summary>
/// <param name="Status">pending, sent or failed; null for all.</param>
/// <param name="Search">Words of the recipient's address or the subject, accents and case ignored.</param>
/// <param name="Template">One kind of e-mail (its template's name); null for all.</param>
/// <param name="From">Written on or after this Paris day.</param>
/// <param name="To">Written on or before this Paris day.</param>
internal sealed record ListEmailsQuery(string? Status, string? Search, string? Template, DateOnly? From, DateOnly? To, int Page) : IQuery<EmailPage>;

internal sealed record EmailPage(IReadOnlyList<EmailRow> Rows, int Total, int Page, int PageCount, IReadOnlyDictionary<string, int> Failed);

internal sealed record EmailRow(
    Guid Id, string Template, string Recipient, string Subject, string Status, string? LastError, int Attempts,
    DateTime CreatedAt, DateTime? SentAt, DateTime? NextAttemptAt);

internal sealed class ListEmailsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListEmailsQuery, EmailPage>
{
    public const int PageSize = 50;

    private static readonly string Filter = $"""
        from notifications.email
        where (@Status::text is null or status = @Status)
          and (@Template::text is null or template = @Template)
          and (@From::date is null or created_at >= (@From::date::timestamp at time zone 'Europe/Paris'))
          and (@To::date is null or created_at < ((@To::date + 1)::timestamp at time zone 'Europe/Paris'))
          and {TextSearch.ContainsAll("recipient || ' ' || subject", "Words")}
        """;

    private static readonly string Count = $"select count(*)::int {Filter}";

    private static readonly string Rows = $"""
        select id as Id, template as Template, recipient as Recipient, subject as Subject, status as Status, last_error as LastError,
               attempts as Attempts, created_at as CreatedAt, sent_at as SentAt, next_attempt_at as NextAttemptAt
        {Filter}
        order by created_at desc, id desc
        limit @Limit offset @Offset
        """;

    // The banner of the page: failed e-mails by kind, whatever the filters, so that none goes unnoticed.
    private const string FailedByTemplate = "select template, count(*)::int from notifications.email where status = 'failed' group by template";

    public async ValueTask<EmailPage> Handle(ListEmailsQuery query, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new
        {
            Status = EmailLabels.Statuses.Any(s => s.Status == query.Status) ? query.Status : null,
            Template = string.IsNullOrWhiteSpace(query.Template) ? null : query.Template,
            From = query.From?.ToDateTime(TimeOnly.MinValue),
            To = query.To?.ToDateTime(TimeOnly.MinValue),
            Words = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(Count, parameters, cancellationToken: cancellationToken));
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        parameters.AddDynamicParams(new { Limit = PageSize, Offset = (page - 1) * PageSize });
        var rows = total == 0 ? [] : (await connection.QueryAsync<EmailRow>(new CommandDefinition(Rows, parameters, cancellationToken: cancellationToken))).AsList();
        var failed = (await connection.QueryAsync<(string Template, int Count)>(
            new CommandDefinition(FailedByTemplate, cancellationToken: cancellationToken))).ToDictionary(u => u.Template, u => u.Count);
        return new EmailPage(rows, total, page, pageCount, failed);
    }
}
