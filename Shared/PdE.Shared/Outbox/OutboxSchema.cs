namespace PdE.Shared.Outbox;

internal static class OutboxSchema
{
    public static string CreateTablesSql(string schema) => $"""
        create table if not exists "{schema}".outbox_message (
            id              uuid primary key,
            type            text not null,
            payload         jsonb not null,
            occurred_at     timestamptz not null default now(),
            attempts        integer not null default 0,
            next_attempt_at timestamptz not null default now(),
            processed_at    timestamptz,
            last_error      text
        );
        create index if not exists outbox_message_pending_idx
            on "{schema}".outbox_message (next_attempt_at) where processed_at is null;

        create table if not exists "{schema}".inbox_message (
            event_id     uuid not null,
            receiver     text not null,
            processed_at timestamptz not null default now(),
            primary key (event_id, receiver)
        );
        """;
}
