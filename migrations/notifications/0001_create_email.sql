-- Every e-mail is stored before it is sent, so a failed delivery is retried, never lost.
create table notifications.email (
    id         uuid primary key,
    template   text not null,
    recipient  text not null,
    subject    text not null,
    html_body  text not null,
    text_body  text not null,
    related_id uuid,
    status     text not null default 'pending' check (status in ('pending', 'sent')),
    created_at timestamptz not null default now(),
    sent_at    timestamptz
);

create index email_pending_idx on notifications.email (created_at) where status = 'pending';
create index email_recipient_idx on notifications.email (recipient);
