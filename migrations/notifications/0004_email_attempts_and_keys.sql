-- Every e-mail accounts for its delivery: how many attempts, the last error, when the next attempt is due, and a final
-- state, « sent » or « failed » (the reason in last_error). « undeliverable » (an address no server can take) is one kind
-- of failure. The idempotency key comes from what triggered the e-mail (the event and its receiver, or the job's due
-- row): an event delivered twice writes its e-mails once.
alter table notifications.email rename column failure to last_error;
alter table notifications.email drop constraint email_status_check;
update notifications.email set status = 'failed' where status = 'undeliverable';
alter table notifications.email add constraint email_status_check check (status in ('pending', 'sent', 'failed'));
alter table notifications.email add column attempts int not null default 0;
alter table notifications.email add column next_attempt_at timestamptz;
alter table notifications.email add column failed_at timestamptz;
alter table notifications.email add column idempotency_key text;
create unique index email_idempotency_key_idx on notifications.email (idempotency_key);
-- The admin list, newest first, and its filters by state and by kind.
create index email_created_idx on notifications.email (created_at desc, id desc);
create index email_status_created_idx on notifications.email (status, created_at desc);
create index email_template_created_idx on notifications.email (template, created_at desc);
-- An admin may send a failed e-mail again: who did, and when (its attempts start again from zero).
alter table notifications.email add column resent_at timestamptz;
alter table notifications.email add column resent_by text;
